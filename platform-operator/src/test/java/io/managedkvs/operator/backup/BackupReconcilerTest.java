package io.managedkvs.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.managedkvs.api.backup.BackupReport;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.resource.BackupSpec;
import io.managedkvs.api.resource.BackupTarget;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSBackup;
import io.managedkvs.api.resource.ManagedKVSBackupSpec;
import io.managedkvs.api.resource.ManagedKVSBackupStatus.BackupPhase;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.ManagedKVSStatus;
import io.managedkvs.api.resource.Phase;
import io.managedkvs.operator.engine.EngineRegistry;
import io.managedkvs.operator.fixture.FixtureEngine;
import io.managedkvs.operator.rbac.RequestPermissions;
import io.managedkvs.operator.testing.MockApiServer;
import io.managedkvs.operator.testing.OperatorHarness;
import io.managedkvs.raftkv.engine.RaftKvEngine;
import io.managedkvs.raftkv.engine.model.RaftKvBackupPod;
import io.managedkvs.redis.RedisSentinelEngine;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backup resource's lifecycle on the mock API server: the Job from the engine's pod, the outcome
 * read from the pod's termination message, failures named, and deletion held until the data is gone.
 * Kubernetes' Job controller does not run here: the test plays it, setting the Job's and pod's status.
 */
class BackupReconcilerTest {

    private static final String NS = "apps";
    private static final BackupTarget CLAIM = new BackupTarget("backups", null);

    private MockApiServer api;
    private KubernetesClient client;
    private KubernetesClient operatorClient;
    private RedisSentinelEngine redis;
    private RaftKvEngine raftKv;
    private Operator operator;

    @BeforeEach
    void start() {
        api = new MockApiServer();
        client = api.client();
        redis = new RedisSentinelEngine(PlatformSettings.defaults(), ref -> { });
        raftKv = new RaftKvEngine(PlatformSettings.defaults());
        BackupReconciler reconciler = new BackupReconciler(new EngineRegistry(List.of(redis, raftKv, new FixtureEngine())),
                PlatformSettings.defaults(), Clock.systemUTC(), Duration.ofMillis(300));
        operatorClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withUserAgent(OperatorHarness.OPERATOR_USER_AGENT).build()).build();
        operator = new Operator(o -> o.withKubernetesClient(operatorClient).withCloseClientOnStop(false));
        operator.register(reconciler);
        operator.start();
    }

    @AfterEach
    void stop() {
        operator.stop();
        operatorClient.close();
        redis.close();
        raftKv.close();
        api.close();
    }

    private void instance(String name, String engine, Phase phase) {
        ManagedKVSSpec spec = ManagedKVSSpec.of(engine, engine.equals(FixtureEngine.NAME) ? "1.0" : "7.2")
                .withBackup(new BackupSpec("@daily", 3, CLAIM));
        client.resource(new ManagedKVS(NS, name, spec)).create();
        ManagedKVS created = client.resources(ManagedKVS.class).inNamespace(NS).withName(name).get();
        created.setStatus(new ManagedKVSStatus(1L, phase, List.of(), engine, null, null, null, null, null, null, null, null, null));
        client.resource(created).updateStatus();
    }

    private void backup(String name, String instance) {
        client.resource(new ManagedKVSBackup(NS, name, new ManagedKVSBackupSpec(instance, null))).create();
    }

    private ManagedKVSBackup get(String name) {
        return client.resources(ManagedKVSBackup.class).inNamespace(NS).withName(name).get();
    }

    private Job awaitJob(String name) {
        await().atMost(Duration.ofSeconds(20)).until(() -> client.batch().v1().jobs().inNamespace(NS).withName(name).get() != null);
        return client.batch().v1().jobs().inNamespace(NS).withName(name).get();
    }

    private ManagedKVSBackup awaitPhase(String name, BackupPhase phase) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            ManagedKVSBackup b = get(name);
            return b != null && b.getStatus() != null && b.getStatus().phase() == phase;
        });
        return get(name);
    }

    /** Plays the Job controller and kubelet: a pod that ended with {@code report}, and the Job's outcome. */
    private void finish(Job job, BackupReport report, boolean succeeded) {
        Pod pod = new PodBuilder().withNewMetadata().withName(job.getMetadata().getName() + "-x1").withNamespace(NS)
                .addToLabels("job-name", job.getMetadata().getName()).endMetadata()
                .withNewSpec().addNewContainer().withName("backup").withImage("tools").endContainer().endSpec()
                .withNewStatus().withContainerStatuses(new ContainerStatusBuilder().withName("backup").withNewState().withNewTerminated()
                        .withExitCode(succeeded ? 0 : 1).withMessage(report.toJson()).endTerminated().endState().build()).endStatus()
                .build();
        client.resource(pod).create();
        job.setStatus(succeeded ? new JobStatusBuilder().withSucceeded(1).build()
                : new JobStatusBuilder().withFailed(1).withConditions(new JobConditionBuilder().withType("Failed").withStatus("True")
                        .withReason("BackoffLimitExceeded").withMessage("Job has reached the specified backoff limit").build()).build());
        client.resource(job).updateStatus();
    }

    @Test
    void aBackupRunsAsAJobFromTheEnginesPodAndRecordsWhatItStored() {
        instance("cache", "redis-sentinel", Phase.Ready);
        backup("cache-manual", "cache");

        Job job = awaitJob("cache-manual-backup");
        ManagedKVSBackup running = awaitPhase("cache-manual", BackupPhase.Running);
        assertThat(running.getStatus().startTime()).isNotNull();
        assertThat(running.getStatus().target()).as("from the instance's spec.backup").isEqualTo(CLAIM);
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo(ManagedKVSBackup.KIND));
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
                .contains("take", "cache-manual", "cache-redis-0=cache-redis-0.cache-redis-headless.apps.svc:6379");

        finish(job, BackupReport.success(1536, "ab".repeat(32), "/backups/cache-manual", "cache-redis-2"), true);

        ManagedKVSBackup done = awaitPhase("cache-manual", BackupPhase.Succeeded);
        assertThat(done.getStatus().sizeBytes()).isEqualTo(1536);
        assertThat(done.getStatus().size()).isEqualTo("1.5 KiB");
        assertThat(done.getStatus().checksum()).isEqualTo("sha256:" + "ab".repeat(32));
        assertThat(done.getStatus().location()).isEqualTo("/backups/cache-manual");
        assertThat(done.getStatus().source()).isEqualTo("cache-redis-2");
        assertThat(done.getStatus().completionTime()).isNotNull();
    }

    @Test
    void aRaftKvBackupRunsTheRaftKvToolAgainstThePlacementDriverAndRecordsItsReport() {
        instance("kv", "raft-kv", Phase.Ready);
        backup("kv-manual", "kv");

        Job job = awaitJob("kv-manual-backup");
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
                .contains(RaftKvBackupPod.TOOL_MAIN, "take", "kv-manual", "--pd")
                .anyMatch(a -> a.startsWith("kv-pd-1.kv-pd-headless.apps.svc:2379,"));

        finish(job, BackupReport.success(4096, "ef".repeat(32), "/backups/kv-manual", "3 regions, 12 keys, at PD timestamp 1.0"), true);

        ManagedKVSBackup done = awaitPhase("kv-manual", BackupPhase.Succeeded);
        assertThat(done.getStatus().engine()).isEqualTo("raft-kv");
        assertThat(done.getStatus().sizeBytes()).isEqualTo(4096);
        assertThat(done.getStatus().source()).isEqualTo("3 regions, 12 keys, at PD timestamp 1.0");
    }

    @Test
    void aFailedBackupSaysWhyFromItsReport() {
        instance("cache", "redis-sentinel", Phase.Ready);
        backup("cache-manual", "cache");
        Job job = awaitJob("cache-manual-backup");

        finish(job, BackupReport.failure("no replica is in sync with the primary"), false);

        ManagedKVSBackup failed = awaitPhase("cache-manual", BackupPhase.Failed);
        assertThat(failed.getStatus().message()).isEqualTo("no replica is in sync with the primary");
    }

    @Test
    void aBackupOfAnUnknownInstanceOrOfAnEngineWithoutBackupsFailsNamingWhy() {
        backup("ghost-1", "ghost");
        assertThat(awaitPhase("ghost-1", BackupPhase.Failed).getStatus().message())
                .isEqualTo("spec.instance: there is no ManagedKVS named ghost in namespace apps");

        instance("fixture", FixtureEngine.NAME, Phase.Ready);
        backup("fixture-1", "fixture");
        assertThat(awaitPhase("fixture-1", BackupPhase.Failed).getStatus().message())
                .contains("runs the " + FixtureEngine.NAME + " engine, which cannot take backups");
        assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems()).isEmpty();
    }

    @Test
    void aBackupWaitsForItsInstanceToBeReady() {
        instance("cache", "redis-sentinel", Phase.Provisioning);
        backup("cache-early", "cache");

        ManagedKVSBackup pending = awaitPhase("cache-early", BackupPhase.Pending);
        assertThat(pending.getStatus().message()).isEqualTo("waiting for cache to be Ready (it is Provisioning)");
        assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems()).isEmpty();

        ManagedKVS ready = client.resources(ManagedKVS.class).inNamespace(NS).withName("cache").get();
        ready.setStatus(new ManagedKVSStatus(1L, Phase.Ready, List.of(), "redis-sentinel", null, null, null, null, null, null, null, null, null));
        client.resource(ready).updateStatus();
        awaitJob("cache-early-backup");
    }

    @Test
    void deletingABackupDeletesItsDataFirst() {
        instance("cache", "redis-sentinel", Phase.Ready);
        backup("cache-old", "cache");
        finish(awaitJob("cache-old-backup"), BackupReport.success(10, "cd".repeat(32), "/backups/cache-old", "cache-redis-1"), true);
        awaitPhase("cache-old", BackupPhase.Succeeded);
        assertThat(get("cache-old").getMetadata().getFinalizers()).isNotEmpty();

        client.resources(ManagedKVSBackup.class).inNamespace(NS).withName("cache-old").delete();

        Job delete = awaitJob("cache-old-delete");
        assertThat(delete.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
                .contains("delete", "--name", "cache-old", "--backup-dir", "/backups");
        assertThat(get("cache-old")).as("held until its data is deleted").isNotNull();
        delete.setStatus(new JobStatusBuilder().withSucceeded(1).build());
        client.resource(delete).updateStatus();
        await().atMost(Duration.ofSeconds(20)).until(() -> get("cache-old") == null);

        Set<String> used = RequestPermissions.used(api.dispatcher().calls(), OperatorHarness.OPERATOR_USER_AGENT);
        assertThat(RequestPermissions.granted()).as("OperatorPermissions.rules() allows every call of a backup's life").containsAll(used);
        assertThat(used).contains("batch/jobs:create", "managedkvs.io/managedkvses:get", "managedkvs.io/managedkvsbackups/status:patch");
    }
}
