package io.managedkvs.operator.backup;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.managedkvs.api.backup.TargetWiring;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.resource.BackupTarget;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSBackup;
import io.managedkvs.backup.BackupStoreTool;
import io.managedkvs.backup.Checksums;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Jobs of a backup, as pure functions: the one that takes it (its pod from the engine) and the
 * one that deletes its data. Each is controlled by the ManagedKVSBackup, runs once (no retries: a
 * failed backup is reported, and the next one is a new object), and is labelled with the backup's name.
 */
public final class BackupJobs {

    /** On every Job of a backup: the backup's name. */
    public static final String BACKUP_LABEL = "managedkvs.io/backup";
    /** A backup or restore that has not finished within this long is failed by Kubernetes. */
    static final long DEADLINE_SECONDS = 6 * 3600;
    private static final int MAX_NAME = 63;

    private BackupJobs() {
    }

    public static String takeJobName(ManagedKVSBackup backup) {
        return name(backup.getMetadata().getName(), "-backup");
    }

    public static String deleteJobName(ManagedKVSBackup backup) {
        return name(backup.getMetadata().getName(), "-delete");
    }

    /** A name with a suffix, shortened with a digest when it would not fit a label value. */
    static String name(String backup, String suffix) {
        String full = backup + suffix;
        if (full.length() <= MAX_NAME) {
            return full;
        }
        String digest = HexFormat.of().formatHex(Checksums.sha256().digest(full.getBytes(StandardCharsets.UTF_8)), 0, 4);
        return backup.substring(0, MAX_NAME - suffix.length() - 9).replaceAll("[-.]+$", "") + "-" + digest + suffix;
    }

    /** The Job that takes the backup, running the engine's pod. */
    public static Job take(ManagedKVSBackup backup, ManagedKVS instance, PodSpec pod) {
        Map<String, String> labels = labels(backup, instance.getSpec().engine());
        return job(backup, takeJobName(backup), labels, pod);
    }

    /** The Job that deletes the backup's data from {@code target}. */
    public static Job delete(ManagedKVSBackup backup, BackupTarget target, PlatformSettings platform) {
        TargetWiring wiring = TargetWiring.of(target, backup.getMetadata().getNamespace(), false);
        List<String> command = new ArrayList<>(platform.toolCommand(BackupStoreTool.class.getName()));
        command.addAll(List.of("delete", "--name", backup.getMetadata().getName()));
        command.addAll(wiring.args());
        PodSpec pod = new PodSpecBuilder()
                .withRestartPolicy("Never")
                .withEnableServiceLinks(false)
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(65532L).withNewSeccompProfile()
                .withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .withContainers(new ContainerBuilder().withName("delete").withImage(platform.toolsImage())
                        .withImagePullPolicy("IfNotPresent").withCommand(command).withEnv(wiring.env())
                        .addNewEnv().withName("HOME").withValue("/tmp").endEnv()
                        .withVolumeMounts(wiring.mounts())
                        .withNewSecurityContext().withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL")
                        .endCapabilities().endSecurityContext()
                        .build())
                .withVolumes(wiring.volumes())
                .build();
        String engine = backup.getStatus() == null ? null : backup.getStatus().engine();
        return job(backup, deleteJobName(backup), labels(backup, engine), pod);
    }

    private static Map<String, String> labels(ManagedKVSBackup backup, String engine) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (engine != null) {
            labels.put(Labels.NAME, engine);
        }
        labels.put(Labels.INSTANCE, backup.getSpec().instance());
        labels.put(Labels.COMPONENT, "backup");
        labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
        labels.put(BACKUP_LABEL, backup.getMetadata().getName());
        return labels;
    }

    private static Job job(ManagedKVSBackup backup, String name, Map<String, String> labels, PodSpec pod) {
        return job(backup.getMetadata().getNamespace(), name, labels, controller(backup), pod);
    }

    /**
     * A Job that runs {@code pod} once (no retries: a failed run is reported, never repeated behind the
     * user's back), gives up after {@link #DEADLINE_SECONDS}, and is controlled by {@code owner}: what
     * every Job of backups and restores is.
     */
    static Job job(String namespace, String name, Map<String, String> labels, OwnerReference owner, PodSpec pod) {
        return new JobBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .withOwnerReferences(owner)
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(DEADLINE_SECONDS)
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withSpec(pod)
                .endTemplate()
                .endSpec()
                .build();
    }

    static OwnerReference controller(ManagedKVSBackup backup) {
        return new OwnerReferenceBuilder()
                .withApiVersion(ManagedKVS.API_VERSION)
                .withKind(ManagedKVSBackup.KIND)
                .withName(backup.getMetadata().getName())
                .withUid(backup.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
