package io.managedkvs.raftkv.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.managedkvs.api.backup.BackupRequest;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.resource.BackupTarget;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.RestoreSpec;
import io.managedkvs.api.resource.TlsSpec;
import io.managedkvs.raftkv.engine.RaftKvEngine;
import org.junit.jupiter.api.Test;

/** The backup and restore Jobs' pods of a raft-kv instance, rendered without a cluster. */
class RaftKvBackupPodTest {

    private static final String PD = "cache-pd-1.cache-pd-headless.apps.svc:2379,cache-pd-2.cache-pd-headless.apps.svc:2379,"
            + "cache-pd-3.cache-pd-headless.apps.svc:2379";
    private static final BackupTarget BUCKET = new BackupTarget(null,
            new BackupTarget.S3Target("https://s3.example.com", "kvs", null, "eu-west-1", "s3-creds"));

    private final RaftKvBackupPod pods = new RaftKvBackupPod(PlatformSettings.defaults());
    private final ManagedKVS instance = new ManagedKVS("apps", "cache", ManagedKVSSpec.of("raft-kv", "0.1"));

    @Test
    void runsTheRaftKvToolFromTheToolsImageAgainstEveryPdMemberIntoAClaim() {
        PodSpec pod = pods.render(instance, new BackupRequest("cache-1", new BackupTarget("backups", null)));

        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        Container c = pod.getContainers().get(0);
        assertThat(c.getImage()).isEqualTo(PlatformSettings.defaults().toolsImage());
        assertThat(c.getTerminationMessagePolicy()).isEqualTo("File");
        assertThat(c.getCommand()).containsSubsequence(RaftKvBackupPod.TOOL_MAIN, "take", "--name", "cache-1", "--pd", PD,
                "--spool-dir", "/spool", "--report", "/dev/termination-log");
        assertThat(c.getCommand()).contains("--backup-dir").doesNotContain("--tls-dir");
        assertThat(c.getVolumeMounts()).extracting(m -> m.getMountPath()).contains("/spool");
        assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("backups"));
        assertThat(pod.getVolumes()).noneMatch(v -> v.getSecret() != null);
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getEnv()).anySatisfy(e -> assertThat(e.getValue()).isEqualTo("-Djava.io.tmpdir=/spool"));
    }

    @Test
    void aBucketTargetPassesItsOptionsAndCredentialsSecret() {
        PodSpec pod = pods.render(instance, new BackupRequest("cache-2", BUCKET));

        Container c = pod.getContainers().get(0);
        assertThat(c.getCommand()).contains("--s3-endpoint", "https://s3.example.com", "--s3-bucket", "kvs");
        assertThat(c.getEnv()).anySatisfy(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("s3-creds"));
    }

    @Test
    void withTlsTheBackupPresentsTheInstancesCertificateFromItsSecret() {
        ManagedKVS secured = new ManagedKVS("apps", "cache", ManagedKVSSpec.of("raft-kv", "0.1").withTls(new TlsSpec(true, "cache-tls")));

        PodSpec pod = pods.render(secured, new BackupRequest("cache-3", new BackupTarget("backups", null)));

        assertTlsMounted(pod);
    }

    @Test
    void theRestorePodRestoresSpecRestoresBackupReadingTheClaimReadOnly() {
        ManagedKVS restored = new ManagedKVS("apps", "cache", ManagedKVSSpec.of("raft-kv", "0.1")
                .withRestore(new RestoreSpec("nightly-7", new BackupTarget("backups", null))));

        PodSpec pod = pods.renderRestore(restored);

        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        Container c = pod.getContainers().get(0);
        assertThat(c.getName()).isEqualTo("restore");
        assertThat(c.getTerminationMessagePolicy()).isEqualTo("File");
        assertThat(c.getCommand()).containsSubsequence(RaftKvBackupPod.TOOL_MAIN, "restore", "--name", "nightly-7", "--pd", PD,
                "--spool-dir", "/spool", "--report", "/dev/termination-log", "--backup-dir", "/backups");
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("backups");
            assertThat(v.getPersistentVolumeClaim().getReadOnly()).isTrue();
        });
        assertThat(c.getVolumeMounts()).filteredOn(m -> m.getMountPath().equals("/backups"))
                .singleElement().extracting(VolumeMount::getReadOnly).isEqualTo(true);
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    }

    @Test
    void theRestorePodReadsABucketAndTalksTlsWhenTheInstanceDoes() {
        ManagedKVS restored = new ManagedKVS("apps", "cache", ManagedKVSSpec.of("raft-kv", "0.1")
                .withTls(new TlsSpec(true, "cache-tls")).withRestore(new RestoreSpec("nightly-7", BUCKET)));

        PodSpec pod = pods.renderRestore(restored);

        Container c = pod.getContainers().get(0);
        assertThat(c.getCommand()).contains("restore", "--s3-endpoint", "https://s3.example.com", "--s3-bucket", "kvs", "--s3-prefix", "apps/");
        assertThat(c.getEnv()).anySatisfy(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("s3-creds"));
        assertTlsMounted(pod);
    }

    @Test
    void theEngineRestoresWithAJobRatherThanInItsStorePods() {
        ManagedKVS restored = new ManagedKVS("apps", "cache", ManagedKVSSpec.of("raft-kv", "0.1")
                .withRestore(new RestoreSpec("nightly-7", new BackupTarget("backups", null))));
        try (RaftKvEngine engine = new RaftKvEngine(PlatformSettings.defaults())) {
            assertThat(engine.restoreJobPod(restored)).hasValueSatisfying(p ->
                    assertThat(p.getContainers().get(0).getCommand()).contains("restore", "nightly-7"));
            assertThat(engine.desiredResources(restored).toString()).doesNotContain("nightly-7");
        }
    }

    private static void assertTlsMounted(PodSpec pod) {
        Container c = pod.getContainers().get(0);
        assertThat(c.getCommand()).containsSubsequence("--tls-dir", "/etc/raft-kv/tls");
        Volume tls = pod.getVolumes().stream().filter(v -> v.getSecret() != null).findFirst().orElseThrow();
        assertThat(tls.getSecret().getSecretName()).isEqualTo("cache-tls");
        assertThat(c.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo(tls.getName());
            assertThat(m.getMountPath()).isEqualTo("/etc/raft-kv/tls");
            assertThat(m.getReadOnly()).isTrue();
        });
    }
}
