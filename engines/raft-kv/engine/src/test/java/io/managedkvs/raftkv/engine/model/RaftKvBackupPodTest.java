package io.managedkvs.raftkv.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.managedkvs.api.backup.BackupRequest;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.resource.BackupTarget;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import org.junit.jupiter.api.Test;

/** The backup Job's pod of a raft-kv instance, rendered without a cluster. */
class RaftKvBackupPodTest {

    private final RaftKvBackupPod pods = new RaftKvBackupPod(PlatformSettings.defaults());
    private final ManagedKVS instance = new ManagedKVS("apps", "cache", ManagedKVSSpec.of("raft-kv", "0.1"));

    @Test
    void runsTheRaftKvToolFromTheToolsImageAgainstEveryPdMemberIntoAClaim() {
        PodSpec pod = pods.render(instance, new BackupRequest("cache-1", new BackupTarget("backups", null)));

        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        Container c = pod.getContainers().get(0);
        assertThat(c.getImage()).isEqualTo(PlatformSettings.defaults().toolsImage());
        assertThat(c.getTerminationMessagePolicy()).isEqualTo("File");
        assertThat(c.getCommand()).containsSubsequence(RaftKvBackupPod.TOOL_MAIN, "take", "--name", "cache-1", "--pd",
                "cache-pd-1.cache-pd-headless.apps.svc:2379,cache-pd-2.cache-pd-headless.apps.svc:2379,"
                        + "cache-pd-3.cache-pd-headless.apps.svc:2379", "--spool-dir", "/spool", "--report", "/dev/termination-log");
        assertThat(c.getCommand()).contains("--backup-dir");
        assertThat(c.getVolumeMounts()).extracting(m -> m.getMountPath()).contains("/spool");
        assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("backups"));
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getEnv()).anySatisfy(e -> assertThat(e.getValue()).isEqualTo("-Djava.io.tmpdir=/spool"));
    }

    @Test
    void aBucketTargetPassesItsOptionsAndCredentialsSecret() {
        PodSpec pod = pods.render(instance, new BackupRequest("cache-2", new BackupTarget(null,
                new BackupTarget.S3Target("https://s3.example.com", "kvs", null, "eu-west-1", "s3-creds"))));

        Container c = pod.getContainers().get(0);
        assertThat(c.getCommand()).contains("--s3-endpoint", "https://s3.example.com", "--s3-bucket", "kvs");
        assertThat(c.getEnv()).anySatisfy(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("s3-creds"));
    }
}
