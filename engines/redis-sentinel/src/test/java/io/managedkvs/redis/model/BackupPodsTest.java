package io.managedkvs.redis.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.managedkvs.api.backup.BackupRequest;
import io.managedkvs.api.engine.BackupCapable;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.resource.BackupTarget;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.RestoreSpec;
import io.managedkvs.redis.backup.RedisBackupTool;
import io.managedkvs.redis.config.DirectiveCatalogue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backup Job's pod and the restore init container, as pure functions of the resource. */
class BackupPodsTest {

    private static final PlatformSettings PLATFORM = new PlatformSettings("kvs-scheduler", false, "", "registry.example/kvs/operator:1.2");
    private static final BackupTarget BUCKET = new BackupTarget(null,
            new BackupTarget.S3Target("https://s3.example.com", "kvs", null, "eu-west-1", "s3-creds"));
    private static final BackupTarget CLAIM = new BackupTarget("backups", null);

    @Test
    void theBackupPodReadsFromTheMembersAndWritesItsReportAsTheTerminationMessage() {
        ManagedKVS kvs = new ManagedKVS("apps", "cache", ManagedKVSSpec.of("redis-sentinel", "7.2").withReplicas(2));
        PodSpec pod = new BackupPods(PLATFORM).backupPod(kvs, new BackupRequest("cache-1", BUCKET));

        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        Container c = pod.getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("registry.example/kvs/operator:1.2");
        assertThat(c.getCommand()).contains(RedisBackupTool.class.getName(), "take", "cache-1", "--report", "/dev/termination-log")
                .contains("cache-redis-0=cache-redis-0.cache-redis-headless.apps.svc:6379")
                .contains("cache-redis-1=cache-redis-1.cache-redis-headless.apps.svc:6379")
                .containsSubsequence("--s3-bucket", "kvs", "--s3-prefix", "apps/", "--s3-region", "eu-west-1");
        assertThat(c.getEnv()).extracting(EnvVar::getName).contains("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "REDIS_PASSWORD");
        assertThat(c.getEnv()).filteredOn(e -> e.getName().equals("AWS_SECRET_ACCESS_KEY")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("s3-creds"));
        assertThat(String.join(" ", c.getCommand())).as("credentials never on the command line").doesNotContain("secretAccessKey");
    }

    @Test
    void withTlsTheBackupPodDialsWithTheInstancesCertificate() {
        ManagedKVS kvs = new ManagedKVS("apps", "cache", ManagedKVSSpec.of("redis-sentinel", "7.2")
                .withTls(new io.managedkvs.api.resource.TlsSpec(true, "cache-tls")));
        PodSpec pod = new BackupPods(PLATFORM).backupPod(kvs, new BackupRequest("cache-1", BUCKET));

        assertThat(pod.getContainers().get(0).getCommand()).containsSubsequence("--tls-dir", PodTls.MOUNT);
        assertThat(pod.getContainers().get(0).getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo(PodTls.MOUNT));
        assertThat(pod.getVolumes()).filteredOn(v -> v.getSecret() != null).singleElement()
                .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("cache-tls"));
        PodSpec plain = new BackupPods(PLATFORM).backupPod(new ManagedKVS("apps", "cache", ManagedKVSSpec.of("redis-sentinel", "7.2")),
                new BackupRequest("cache-1", BUCKET));
        assertThat(plain.getContainers().get(0).getCommand()).doesNotContain("--tls-dir");
    }

    @Test
    void aClaimTargetIsMountedAndNamedAsTheBackupDirectory() {
        ManagedKVS kvs = new ManagedKVS("apps", "cache", ManagedKVSSpec.of("redis-sentinel", "7.2"));
        PodSpec pod = new BackupPods(PLATFORM).backupPod(kvs, new BackupRequest("cache-1", CLAIM));

        assertThat(pod.getVolumes()).extracting(v -> v.getPersistentVolumeClaim() == null ? null : v.getPersistentVolumeClaim().getClaimName())
                .contains("backups");
        assertThat(pod.getContainers().get(0).getCommand()).containsSubsequence("--backup-dir", "/backups");
    }

    @Test
    void aRestoredInstanceLoadsTheBackupInAnInitContainerBeforeRedisStarts() {
        ManagedKVS kvs = new ManagedKVS("apps", "copy", ManagedKVSSpec.of("redis-sentinel", "7.2")
                .withRestore(new RestoreSpec("cache-1", CLAIM)));
        List<HasMetadata> resources = new RedisSentinelModel(PLATFORM, DirectiveCatalogue.standard()).resources(kvs);
        StatefulSet redis = resources.stream().filter(StatefulSet.class::isInstance).map(StatefulSet.class::cast)
                .filter(s -> s.getMetadata().getName().equals("copy-redis")).findFirst().orElseThrow();
        PodSpec pod = redis.getSpec().getTemplate().getSpec();

        assertThat(pod.getInitContainers()).singleElement().satisfies(init -> {
            assertThat(init.getName()).isEqualTo(BackupCapable.RESTORE_INIT_CONTAINER);
            assertThat(init.getCommand()).contains("restore", "cache-1", "--data-dir", "/data").containsSubsequence("--backup-dir", "/backups");
            assertThat(init.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/data"))
                    .anySatisfy(m -> {
                        assertThat(m.getMountPath()).isEqualTo("/backups");
                        assertThat(m.getReadOnly()).isTrue();
                    });
        });
        assertThat(pod.getVolumes()).extracting(v -> v.getPersistentVolumeClaim() == null ? null : v.getPersistentVolumeClaim().getClaimName())
                .contains("backups");

        ManagedKVS plain = new ManagedKVS("apps", "plain", ManagedKVSSpec.of("redis-sentinel", "7.2"));
        assertThat(new RedisSentinelModel(PLATFORM, DirectiveCatalogue.standard()).resources(plain).stream()
                .filter(StatefulSet.class::isInstance).map(StatefulSet.class::cast)
                .allMatch(s -> s.getSpec().getTemplate().getSpec().getInitContainers().isEmpty())).isTrue();
    }
}
