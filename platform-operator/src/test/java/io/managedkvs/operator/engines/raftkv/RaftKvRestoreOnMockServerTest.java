package io.managedkvs.operator.engines.raftkv;

import static io.managedkvs.operator.testing.OperatorHarness.NAMESPACE;
import static io.managedkvs.operator.testing.OperatorHarness.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.managedkvs.api.backup.BackupReport;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.resource.BackupTarget;
import io.managedkvs.api.resource.Condition;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.ManagedKVSStatus.RestorePhase;
import io.managedkvs.api.resource.ManagedKVSStatus.RestoreStatus;
import io.managedkvs.api.resource.Phase;
import io.managedkvs.api.resource.AuthSpec;
import io.managedkvs.api.resource.RestoreSpec;
import io.managedkvs.operator.backup.RestoreJob;
import io.managedkvs.operator.testing.OperatorHarness;
import io.managedkvs.raftkv.engine.RaftKvEngine;
import io.managedkvs.raftkv.engine.actuator.Timing;
import io.managedkvs.raftkv.engine.model.RaftKvBackupPod;
import io.managedkvs.raftkv.pd.PdConfig;
import io.managedkvs.raftkv.pd.PdServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * spec.restore of a raft-kv instance, driven by the operator against the mock API server and a real
 * placement driver: the restore Job starts only once the new instance is Ready, the instance is not
 * Ready while it runs, its outcome is kept in status.restore (and an Event), a failed restore leaves the
 * instance Failed saying why, and neither a resync nor an operator restart runs it again. The mock runs
 * no Job controller: the test plays it, with the pod's termination message as the tool writes it.
 */
class RaftKvRestoreOnMockServerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final BackupTarget CLAIM = new BackupTarget("backups", null);

    @TempDir
    Path pdDir;
    private PdServer pd;
    private StoreSimulator stores;
    private OperatorHarness harness;
    private final List<RaftKvEngine> engines = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        pd = new PdServer(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
                PdConfig.single(pdDir, "127.0.0.1:0", 3)).start();
        String pdAddress = "127.0.0.1:" + pd.port();
        stores = new StoreSimulator(pdAddress);
        harness = new OperatorHarness(trigger -> {
            RaftKvEngine engine = new RaftKvEngine(PlatformSettings.defaults(), (resource, view) -> List.of(pdAddress),
                    Clock.systemUTC(), Duration.ofSeconds(3), Timing.DEFAULT);
            engines.add(engine);
            return List.of(engine);
        });
    }

    @AfterEach
    void stop() throws Exception {
        try {
            harness.close();
        } finally {
            engines.forEach(RaftKvEngine::close);
            stores.close();
            pd.stop();
        }
    }

    @Test
    void theRestoreJobRunsOnceTheInstanceIsReadyAndTheInstanceIsReadyOnlyAfterIt() {
        harness.create(resource("cache", spec().withRestore(new RestoreSpec("nightly-1", CLAIM))));
        ManagedKVS created = harness.awaitObserved("cache");
        assertThat(created.getStatus().restoredFrom()).isEqualTo("nightly-1");
        assertThat(job()).as("nothing to restore into yet").isNull();

        bringUp();
        ManagedKVS restoring = awaitRestore(RestorePhase.Running);
        assertThat(restoring.getStatus().phase()).isEqualTo(Phase.Provisioning);
        Condition ready = restoring.getStatus().condition(Condition.READY).orElseThrow();
        assertThat(ready.status()).as("half-loaded data is not Ready").isEqualTo(Condition.FALSE);
        assertThat(ready.reason()).isEqualTo(RestoreJob.RESTORING);
        assertThat(ready.message()).contains("restoring backup nightly-1 with the Job cache-restore");
        Job job = job();
        assertThat(job.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getName()).isEqualTo("cache"));
        assertThat(job.getSpec().getBackoffLimit()).as("never retried behind the user's back").isZero();
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
                .containsSubsequence(RaftKvBackupPod.TOOL_MAIN, "restore", "--name", "nightly-1", "--pd");

        finishJob(BackupReport.success(4096, "", "/backups/nightly-1", "440 keys from 3 regions"));

        ManagedKVS restored = awaitPhase(Phase.Ready);
        RestoreStatus status = restored.getStatus().restore();
        assertThat(status.phase()).isEqualTo(RestorePhase.Succeeded);
        assertThat(status.message()).isEqualTo("440 keys from 3 regions");
        assertThat(status.job()).isEqualTo("cache-restore");
        assertThat(status.completionTime()).isNotNull();
        assertThat(harness.events()).filteredOn(e -> e.getReason().equals(RestoreJob.RESTORED)).singleElement()
                .satisfies(e -> assertThat(e.getMessage()).contains("restored backup nightly-1: 440 keys from 3 regions"));
        assertThat(harness.events()).extracting(Event::getReason).contains(RestoreJob.RESTORING, "InstanceReady");

        assertRunsNoMore(RestorePhase.Succeeded);
    }

    @Test
    void aCorruptedBackupLeavesTheInstanceFailedSayingWhyAndIsNotRestoredAgain() {
        harness.create(resource("cache", spec().withRestore(new RestoreSpec("nightly-2", CLAIM))));
        harness.awaitObserved("cache");
        bringUp();
        awaitRestore(RestorePhase.Running);

        String why = "backup nightly-2: region-00001.sst has SHA-256 ab12 but the region map recorded cd34; nothing was loaded";
        finishJob(BackupReport.failure(why));

        ManagedKVS failed = awaitPhase(Phase.Failed);
        assertThat(failed.getStatus().restore().phase()).isEqualTo(RestorePhase.Failed);
        assertThat(failed.getStatus().restore().message()).isEqualTo(why);
        Condition ready = failed.getStatus().condition(Condition.READY).orElseThrow();
        assertThat(ready.status()).isEqualTo(Condition.FALSE);
        assertThat(ready.reason()).isEqualTo("RestoreFailed");
        assertThat(ready.message()).contains("backup nightly-2 was not restored into cache: " + why).contains("delete it");
        assertThat(harness.events()).anySatisfy(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getReason()).isEqualTo("RestoreFailed");
            assertThat(e.getMessage()).contains(why);
        });

        assertRunsNoMore(RestorePhase.Failed);
    }

    @Test
    void aJobDeletedBeforeItReportedFailsTheRestoreRatherThanStartingAnother() {
        harness.create(resource("cache", spec().withRestore(new RestoreSpec("nightly-4", CLAIM))));
        harness.awaitObserved("cache");
        bringUp();
        awaitRestore(RestorePhase.Running);

        harness.client().resource(job()).delete();
        await().atMost(WAIT).until(() -> job() == null);

        ManagedKVS failed = awaitRestore(RestorePhase.Failed);
        assertThat(failed.getStatus().restore().message()).contains("cache-restore was deleted before it reported");
        assertThat(failed.getStatus().phase()).isEqualTo(Phase.Failed);
        harness.reconcileNow("cache");
        assertThat(job()).as("no second restore Job over data that may be half loaded").isNull();
    }

    @Test
    void aJobStartedByAnOperatorThatStoppedBeforeRecordingItIsAdoptedNotStartedTwice() {
        harness.create(resource("cache", spec().withRestore(new RestoreSpec("nightly-5", CLAIM))));
        ManagedKVS created = harness.awaitObserved("cache");
        try (RaftKvEngine renderer = new RaftKvEngine(PlatformSettings.defaults())) {
            harness.client().resource(RestoreJob.job(created, renderer.restoreJobPod(created).orElseThrow())).create();
        }
        String uid = job().getMetadata().getUid();

        ManagedKVS adopted = awaitRestore(RestorePhase.Running);
        assertThat(adopted.getStatus().restore().job()).isEqualTo("cache-restore");
        bringUp();
        harness.reconcileNow("cache");
        assertThat(job().getMetadata().getUid()).as("the same Job").isEqualTo(uid);
        finishJob(BackupReport.success(1, "", "/backups/nightly-5", "3 keys from 1 regions"));
        assertThat(awaitPhase(Phase.Ready).getStatus().restore().phase()).isEqualTo(RestorePhase.Succeeded);
    }

    @Test
    void aRunningInstanceIsRefusedSpecRestoreByFieldAndRunsNoJob() {
        harness.create(resource("cache", spec()));
        harness.awaitObserved("cache");
        bringUp();
        awaitPhase(Phase.Ready);

        harness.editSpec("cache", s -> s.withRestore(new RestoreSpec("nightly-3", CLAIM)));
        ManagedKVS refused = harness.awaitObserved("cache");

        Condition specValid = refused.getStatus().condition(Condition.SPEC_VALID).orElseThrow();
        assertThat(specValid.status()).isEqualTo(Condition.FALSE);
        assertThat(specValid.message()).startsWith("spec.restore: this instance is already running");
        harness.reconcileNow("cache");
        assertThat(job()).isNull();
        assertThat(harness.get("cache").getStatus().restore()).isNull();
    }

    /** Neither a resync, nor the Job's deletion, nor an operator restart starts the restore again. */
    private void assertRunsNoMore(RestorePhase phase) {
        harness.client().resource(job()).delete();
        await().atMost(WAIT).until(() -> job() == null);
        harness.reconcileNow("cache");
        harness.restartOperator();
        harness.reconcileNow("cache");
        harness.reconcileNow("cache");
        assertThat(job()).as("no second restore Job").isNull();
        assertThat(harness.get("cache").getStatus().restore().phase()).isEqualTo(phase);
    }

    private static ManagedKVSSpec spec() {
        return ManagedKVSSpec.of(RaftKvEngine.NAME, "0.1").withReplicas(3).withAuth(new AuthSpec(false, null));
    }

    private void bringUp() {
        MockStatefulSets sets = new MockStatefulSets(harness.client(), NAMESPACE);
        await().atMost(WAIT).untilAsserted(() -> assertThat(sets.statefulSet("cache-store")).isNotNull());
        sets.materialise("cache-pd", "cache-store");
        for (int i = 0; i < 3; i++) {
            stores.start("cache-store-" + i);
        }
        stores.bootstrap("cache-store-0");
        stores.leadFirstRegion("cache-store-0");
        harness.reconcileNow("cache");
    }

    /** Plays the Job controller and the kubelet: the Job's pod ends with {@code report} as its termination message. */
    private void finishJob(BackupReport report) {
        Job job = job();
        Map<String, String> labels = new java.util.HashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
        labels.put("job-name", job.getMetadata().getName());
        harness.client().resource(new PodBuilder().withNewMetadata().withName(job.getMetadata().getName() + "-x7k2p")
                .withNamespace(NAMESPACE).withLabels(labels).endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase(report.succeeded() ? "Succeeded" : "Failed")
                .addNewContainerStatus().withName("restore").withNewState().withNewTerminated()
                .withExitCode(report.succeeded() ? 0 : 1).withMessage(report.toJson()).endTerminated().endState().endContainerStatus()
                .endStatus().build()).create();
        harness.client().batch().v1().jobs().inNamespace(NAMESPACE).withName(job.getMetadata().getName())
                .editStatus(j -> new JobBuilder(j).withNewStatus().withSucceeded(report.succeeded() ? 1 : 0)
                        .withFailed(report.succeeded() ? 0 : 1).endStatus().build());
    }

    private Job job() {
        return harness.client().batch().v1().jobs().inNamespace(NAMESPACE).withName("cache-restore").get();
    }

    private ManagedKVS awaitRestore(RestorePhase phase) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            harness.reconcileNow("cache");
            ManagedKVS r = harness.get("cache");
            assertThat(r.getStatus().restore()).as("status.restore; conditions %s", r.getStatus().conditions()).isNotNull();
            assertThat(r.getStatus().restore().phase()).isEqualTo(phase);
        });
        return harness.get("cache");
    }

    private ManagedKVS awaitPhase(Phase phase) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            harness.reconcileNow("cache");
            ManagedKVS r = harness.get("cache");
            assertThat(r.getStatus().phase()).as("phase; conditions %s", r.getStatus().conditions()).isEqualTo(phase);
        });
        return harness.get("cache");
    }
}
