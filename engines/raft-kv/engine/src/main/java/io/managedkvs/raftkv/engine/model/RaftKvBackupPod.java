package io.managedkvs.raftkv.engine.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.managedkvs.api.backup.BackupRequest;
import io.managedkvs.api.backup.TargetWiring;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.resource.ComputeResources;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.RestoreSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pods of raft-kv backup and restore Jobs: the raft-kv backup tool from the platform's tools image
 * (the operator's). {@code take} asks PD for a timestamp and every region's leader for its SST behind a
 * ReadIndex barrier, and stores them with the region map in the target; {@code restore} checks every
 * file of spec.restore's backup and writes its pairs through Raft into the new, empty instance. Both
 * reach the instance over mutual TLS with its own certificate when spec.tls is on, and write their
 * {@code BackupReport} to the termination message. Pure functions of the instance (and the request).
 */
public final class RaftKvBackupPod {

    /** The tool's main class, in the kvs-raft-kv-backup module on the tools image's classpath. */
    public static final String TOOL_MAIN = "io.managedkvs.raftkv.backup.RaftKvBackupTool";
    static final String CONTAINER = "backup";
    static final String RESTORE_CONTAINER = "restore";
    static final String SPOOL = "spool";
    static final String SPOOL_MOUNT = "/spool";
    static final String TERMINATION_LOG = "/dev/termination-log";
    private static final ComputeResources RESOURCES = new ComputeResources(
            Map.of("cpu", new Quantity("100m"), "memory", new Quantity("256Mi")), Map.of("memory", new Quantity("512Mi")));

    private final PlatformSettings platform;

    public RaftKvBackupPod(PlatformSettings platform) {
        this.platform = platform;
    }

    /** The pod of backup {@code request} of {@code instance}. */
    public PodSpec render(ManagedKVS instance, BackupRequest request) {
        RaftKvNames names = names(instance);
        return pod(CONTAINER, instance, "take", request.backupName(), TargetWiring.of(request.target(), names.namespace(), false));
    }

    /** The pod of the Job that restores spec.restore's backup into {@code instance}, which must have spec.restore. */
    public PodSpec renderRestore(ManagedKVS instance) {
        RestoreSpec restore = instance.getSpec().restore();
        return pod(RESTORE_CONTAINER, instance, "restore", restore.backupName(),
                TargetWiring.of(restore.source(), names(instance).namespace(), true));
    }

    private PodSpec pod(String containerName, ManagedKVS instance, String action, String backupName, TargetWiring wiring) {
        RaftKvNames names = names(instance);
        ManagedKVSSpec spec = instance.getSpec();
        int pdMembers = spec.effectiveRaftKv().effectivePlacementDriver().effectiveReplicas();
        List<String> command = new ArrayList<>(platform.toolCommand(TOOL_MAIN));
        command.addAll(List.of(action, "--name", backupName, "--pd", names.pdEndpoints(pdMembers),
                "--spool-dir", SPOOL_MOUNT, "--report", TERMINATION_LOG));
        command.addAll(wiring.args());
        List<VolumeMount> mounts = new ArrayList<>(wiring.mounts());
        mounts.add(new VolumeMountBuilder().withName(SPOOL).withMountPath(SPOOL_MOUNT).build());
        List<Volume> volumes = new ArrayList<>(wiring.volumes());
        volumes.add(new VolumeBuilder().withName(SPOOL).withNewEmptyDir().endEmptyDir().build());
        if (RaftKvPods.tls(spec)) {
            // PD and the stores accept only mutual TLS: the tool presents the instance's own certificate.
            command.addAll(List.of("--tls-dir", RaftKvPods.TLS_MOUNT));
            volumes.add(RaftKvPods.tlsVolume(spec));
            mounts.add(RaftKvPods.tlsMount());
        }
        Container container = new ContainerBuilder()
                .withName(containerName)
                .withImage(platform.toolsImage())
                .withImagePullPolicy("IfNotPresent")
                .withCommand(command)
                .withEnv(wiring.env())
                .addNewEnv().withName("HOME").withValue(SPOOL_MOUNT).endEnv()
                // RocksDB's native library unpacks into java.io.tmpdir; the root filesystem is read-only.
                .addNewEnv().withName("JAVA_TOOL_OPTIONS").withValue("-Djava.io.tmpdir=" + SPOOL_MOUNT).endEnv()
                .withResources(RESOURCES.toRequirements())
                .withVolumeMounts(mounts)
                .withSecurityContext(RaftKvPods.containerSecurity())
                .withTerminationMessagePolicy("File")
                .build();
        return new PodSpecBuilder()
                .withRestartPolicy("Never")
                .withSecurityContext(RaftKvPods.podSecurity())
                .withEnableServiceLinks(false)
                .withContainers(container)
                .withVolumes(volumes)
                .build();
    }

    private static RaftKvNames names(ManagedKVS instance) {
        return new RaftKvNames(instance.getMetadata().getNamespace(), instance.getMetadata().getName());
    }
}
