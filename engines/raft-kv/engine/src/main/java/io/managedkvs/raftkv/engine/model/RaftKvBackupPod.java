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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pod of a raft-kv backup Job: the raft-kv backup tool from the platform's tools image (the
 * operator's), which asks PD for a timestamp and every region's leader for its SST behind a ReadIndex
 * barrier, stores them with the region map in the target, and writes its {@code BackupReport} to the
 * termination message. A pure function of the instance and the request.
 */
public final class RaftKvBackupPod {

    /** The tool's main class, in the kvs-raft-kv-backup module on the tools image's classpath. */
    public static final String TOOL_MAIN = "io.managedkvs.raftkv.backup.RaftKvBackupTool";
    static final String CONTAINER = "backup";
    static final String SPOOL = "spool";
    static final String SPOOL_MOUNT = "/spool";
    static final String TERMINATION_LOG = "/dev/termination-log";
    private static final ComputeResources RESOURCES = new ComputeResources(
            Map.of("cpu", new Quantity("100m"), "memory", new Quantity("256Mi")), Map.of("memory", new Quantity("512Mi")));

    private final PlatformSettings platform;

    public RaftKvBackupPod(PlatformSettings platform) {
        this.platform = platform;
    }

    public PodSpec render(ManagedKVS instance, BackupRequest request) {
        RaftKvNames names = new RaftKvNames(instance.getMetadata().getNamespace(), instance.getMetadata().getName());
        int pdMembers = instance.getSpec().effectiveRaftKv().effectivePlacementDriver().effectiveReplicas();
        TargetWiring wiring = TargetWiring.of(request.target(), names.namespace(), false);
        List<String> command = new ArrayList<>(platform.toolCommand(TOOL_MAIN));
        command.addAll(List.of("take", "--name", request.backupName(), "--pd", names.pdEndpoints(pdMembers),
                "--spool-dir", SPOOL_MOUNT, "--report", TERMINATION_LOG));
        command.addAll(wiring.args());
        List<VolumeMount> mounts = new ArrayList<>(wiring.mounts());
        mounts.add(new VolumeMountBuilder().withName(SPOOL).withMountPath(SPOOL_MOUNT).build());
        List<Volume> volumes = new ArrayList<>(wiring.volumes());
        volumes.add(new VolumeBuilder().withName(SPOOL).withNewEmptyDir().endEmptyDir().build());
        Container container = new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(platform.toolsImage())
                .withImagePullPolicy("IfNotPresent")
                .withCommand(command)
                .withEnv(wiring.env())
                .addNewEnv().withName("HOME").withValue(SPOOL_MOUNT).endEnv()
                // RocksDB's native library unpacks into java.io.tmpdir; the root filesystem is read-only.
                .addNewEnv().withName("JAVA_TOOL_OPTIONS").withValue("-Djava.io.tmpdir=" + SPOOL_MOUNT).endEnv()
                .withResources(RESOURCES.toRequirements())
                .withVolumeMounts(mounts)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .withTerminationMessagePolicy("File")
                .build();
        return new PodSpecBuilder()
                .withRestartPolicy("Never")
                .withNewSecurityContext()
                .withRunAsNonRoot(true).withRunAsUser(RaftKvPods.IMAGE_UID).withRunAsGroup(RaftKvPods.IMAGE_UID)
                .withFsGroup(RaftKvPods.IMAGE_UID)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withEnableServiceLinks(false)
                .withContainers(container)
                .withVolumes(volumes)
                .build();
    }
}
