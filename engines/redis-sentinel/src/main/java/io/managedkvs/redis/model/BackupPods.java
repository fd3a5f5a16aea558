package io.managedkvs.redis.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.managedkvs.api.backup.BackupRequest;
import io.managedkvs.api.backup.TargetWiring;
import io.managedkvs.api.engine.BackupCapable;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.resource.AuthSpec;
import io.managedkvs.api.resource.ComputeResources;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.RestoreSpec;
import io.managedkvs.redis.backup.RedisBackupTool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pods of backups and restores, run from the platform's tools image with {@link RedisBackupTool}:
 * a backup Job's pod that reads a snapshot from a replica of the instance, and the init container
 * that loads spec.restore's backup into a new member's data volume before redis-server starts.
 */
public final class BackupPods {

    static final String BACKUP_CONTAINER = "backup";
    static final String SPOOL = "spool";
    static final String SPOOL_MOUNT = "/spool";
    static final String TERMINATION_LOG = "/dev/termination-log";
    private static final ComputeResources TOOL_RESOURCES = new ComputeResources(
            Map.of("cpu", new Quantity("50m"), "memory", new Quantity("192Mi")), Map.of("memory", new Quantity("384Mi")));

    private final PlatformSettings platform;

    public BackupPods(PlatformSettings platform) {
        this.platform = platform;
    }

    /** The pod of backup {@code request} of {@code instance}: it may read from any member, and picks a replica itself. */
    public PodSpec backupPod(ManagedKVS instance, BackupRequest request) {
        RedisNames names = new RedisNames(instance.getMetadata().getNamespace(), instance.getMetadata().getName());
        ManagedKVSSpec spec = instance.getSpec();
        TargetWiring wiring = TargetWiring.of(request.target(), names.namespace(), false);
        List<String> command = new ArrayList<>(platform.toolCommand(RedisBackupTool.class.getName()));
        command.addAll(List.of("take", "--name", request.backupName(), "--spool-dir", SPOOL_MOUNT, "--report", TERMINATION_LOG));
        for (int i = 0; i < spec.effectiveReplicas(); i++) {
            String pod = names.redisPod(i);
            command.addAll(List.of("--member", pod + "=" + names.redisHost(pod) + ":" + RedisNames.REDIS_PORT));
        }
        command.addAll(wiring.args());
        // With spec.tls the replica is read over TLS, presenting the instance's certificate.
        PodTls tls = PodTls.of(spec);
        if (tls.enabled()) {
            command.addAll(List.of("--tls-dir", PodTls.MOUNT));
        }
        List<VolumeMount> mounts = new ArrayList<>(wiring.mounts());
        mounts.add(new VolumeMountBuilder().withName(SPOOL).withMountPath(SPOOL_MOUNT).build());
        mounts.addAll(tls.mounts());
        List<Volume> volumes = new ArrayList<>(wiring.volumes());
        volumes.add(new VolumeBuilder().withName(SPOOL).withNewEmptyDir().endEmptyDir().build());
        volumes.addAll(tls.volumes());
        Container container = tool(BACKUP_CONTAINER, command, env(spec, names, wiring), mounts);
        return new PodSpecBuilder()
                .withRestartPolicy("Never")
                .withSecurityContext(PodSecurity.pod())
                .withEnableServiceLinks(false)
                .withContainers(container)
                .withVolumes(volumes)
                .build();
    }

    /** The init container of a restored instance's redis pods, and the volumes it needs beside the data volume. */
    RestoreStep restoreStep(ManagedKVSSpec spec, RedisNames names) {
        RestoreSpec restore = spec.restore();
        TargetWiring wiring = TargetWiring.of(restore.source(), names.namespace(), true);
        List<String> command = new ArrayList<>(platform.toolCommand(RedisBackupTool.class.getName()));
        command.addAll(List.of("restore", "--name", restore.backupName(), "--data-dir", ModelVolumes.DATA_MOUNT,
                "--report", TERMINATION_LOG));
        command.addAll(wiring.args());
        List<VolumeMount> mounts = new ArrayList<>(wiring.mounts());
        mounts.add(new VolumeMountBuilder().withName(ModelVolumes.DATA).withMountPath(ModelVolumes.DATA_MOUNT).build());
        List<EnvVar> env = new ArrayList<>(wiring.env());
        return new RestoreStep(tool(BackupCapable.RESTORE_INIT_CONTAINER, command, env, mounts), wiring.volumes());
    }

    /** An init container and the volumes it brings. */
    record RestoreStep(Container container, List<Volume> volumes) {
    }

    private Container tool(String name, List<String> command, List<EnvVar> env, List<VolumeMount> mounts) {
        return new ContainerBuilder()
                .withName(name)
                .withImage(platform.toolsImage())
                .withImagePullPolicy("IfNotPresent")
                .withCommand(command)
                .withEnv(env)
                .addNewEnv().withName("HOME").withValue(SPOOL_MOUNT).endEnv()
                .withResources(TOOL_RESOURCES.toRequirements())
                .withVolumeMounts(mounts)
                .withSecurityContext(PodSecurity.container())
                .withTerminationMessagePolicy("File")
                .build();
    }

    private static List<EnvVar> env(ManagedKVSSpec spec, RedisNames names, TargetWiring wiring) {
        List<EnvVar> env = new ArrayList<>(wiring.env());
        if (spec.effectiveAuth().enabledOrDefault()) {
            env.add(new EnvVarBuilder().withName(RedisBackupTool.PASSWORD_ENV).withNewValueFrom().withNewSecretKeyRef()
                    .withName(spec.effectiveAuth().secretNameFor(names.instance())).withKey(AuthSpec.PASSWORD_KEY).withOptional(false)
                    .endSecretKeyRef().endValueFrom().build());
        }
        return env;
    }
}
