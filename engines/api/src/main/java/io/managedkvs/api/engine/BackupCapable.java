package io.managedkvs.api.engine;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.managedkvs.api.backup.BackupRequest;
import io.managedkvs.api.resource.ManagedKVS;
import java.util.Optional;

/**
 * An engine that can back up its instances and restore them into new ones. Separate from
 * {@link KvsEngine} on purpose: an engine that does not implement it is not broken, it just has no
 * backups yet, and the operator refuses spec.backup, spec.restore and ManagedKVSBackups for it with
 * a condition instead of calling a method that would fail.
 *
 * <p>The operator runs each backup as a Job (so a PersistentVolumeClaim target can be mounted and a
 * long backup occupies no reconcile thread). The Job's pod comes from {@link #backupPod}; it must write
 * an {@link io.managedkvs.api.backup.BackupReport} as JSON to its termination message
 * ({@code /dev/termination-log}) and exit non-zero when it fails.
 *
 * <p>spec.restore is carried out one of two ways. Either the engine's own
 * {@link KvsEngine#desiredResources} load the backup into the data pods before they report ready
 * (Redis: an init container named {@link #RESTORE_INIT_CONTAINER}, whose failed report the operator
 * turns into a condition), or, for an engine that loads a backup through its running members
 * (raft-kv writes through Raft), {@link #restoreJobPod} gives the pod of a Job that the operator runs
 * once, as soon as the new instance is Ready, with the same report in its termination message.
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
     * The pod of the Job that restores spec.restore's backup into {@code instance} once it is Ready,
     * or empty (the default) when {@link KvsEngine#desiredResources} restores it in the data pods. A
     * pure function like {@link #backupPod}; its restart policy must be Never.
     */
    default Optional<PodSpec> restoreJobPod(ManagedKVS instance) {
        return Optional.empty();
    }
}
