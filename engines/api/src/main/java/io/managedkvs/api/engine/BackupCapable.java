package io.managedkvs.api.engine;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.managedkvs.api.backup.BackupRequest;
import io.managedkvs.api.resource.ManagedKVS;

/**
 * An engine that can back up its instances and restore them into new ones. Separate from
 * {@link KvsEngine} on purpose: an engine that does not implement it is not broken, it just has no
 * backups yet, and the operator refuses spec.backup, spec.restore and ManagedKVSBackups for it with
 * a condition instead of calling a method that would fail.
 *
 * <p>The operator runs each backup as a Job (so a PersistentVolumeClaim target can be mounted and a
 * long backup occupies no reconcile thread). The Job's pod comes from {@link #backupPod}; it must write
 * an {@link io.managedkvs.api.backup.BackupReport} as JSON to its termination message
 * ({@code /dev/termination-log}) and exit non-zero when it fails. Restore is the engine's own
 * business in {@link KvsEngine#desiredResources}: when spec.restore is set, its data pods load the
 * backup before they report ready, and a step that refuses a backup writes a failed report to the
 * termination message of an init container named {@link #RESTORE_INIT_CONTAINER}, which the
 * operator turns into a condition.
 */
public interface BackupCapable {

    /** The init container that loads a backup into a new instance's data member. */
    String RESTORE_INIT_CONTAINER = "restore";

    /**
     * The pod that takes {@code request} of {@code instance}: a pure function, like
     * {@link KvsEngine#desiredResources}. Its restart policy must be Never.
     */
    PodSpec backupPod(ManagedKVS instance, BackupRequest request);

    /**
     * Whether {@link KvsEngine#desiredResources} renders spec.restore's restore step; an engine that
     * backs up but restores only outside a cluster (for now) answers false, and the operator refuses
     * spec.restore for it by field.
     */
    default boolean restoresInCluster() {
        return true;
    }
}
