package io.managedkvs.operator.backup;

import static io.managedkvs.operator.testing.OperatorHarness.NAMESPACE;
import static io.managedkvs.operator.testing.OperatorHarness.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSBackup;
import io.managedkvs.api.resource.ManagedKVSBackupSpec;
import io.managedkvs.api.resource.ManagedKVSBackupStatus;
import io.managedkvs.api.resource.ManagedKVSBackupStatus.BackupPhase;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.ManagedKVSStatus.BackupStatus;
import io.managedkvs.operator.testing.OperatorHarness;
import io.managedkvs.redis.RedisSentinelEngine;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The instance reconciler on the mock API server fills status.lastBackup from the newest finished backup of the instance. */
class LastBackupOnMockServerTest {

    private OperatorHarness harness;

    @BeforeEach
    void start() {
        harness = new OperatorHarness(trigger -> List.of(new RedisSentinelEngine(PlatformSettings.defaults(), trigger)));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private void backup(String name, String instance, BackupPhase phase, String completed, String message) {
        harness.client().resource(new ManagedKVSBackup(NAMESPACE, name, new ManagedKVSBackupSpec(instance, null))).create();
        ManagedKVSBackup b = harness.client().resources(ManagedKVSBackup.class).inNamespace(NAMESPACE).withName(name).get();
        b.setStatus(new ManagedKVSBackupStatus(phase, "redis-sentinel", "2026-12-01T00:00:00Z", completed, null, null, null, null, null,
                message, null));
        harness.client().resource(b).updateStatus();
    }

    private BackupStatus lastBackup(String instance) {
        ManagedKVS kvs = harness.client().resources(ManagedKVS.class).inNamespace(NAMESPACE).withName(instance).get();
        return kvs.getStatus() == null ? null : kvs.getStatus().lastBackup();
    }

    @Test
    void statusShowsTheNewestFinishedBackupOfTheInstance() {
        harness.create(resource("cache", ManagedKVSSpec.of(RedisSentinelEngine.NAME, "7.2")));
        harness.awaitObserved("cache");
        assertThat(lastBackup("cache")).as("no backup yet").isNull();

        backup("cache-old", "cache", BackupPhase.Succeeded, "2026-12-01T03:00:00Z", null);
        harness.reconcileNow("cache");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(lastBackup("cache"))
                .isEqualTo(new BackupStatus("cache-old", "2026-12-01T03:00:00Z", "Succeeded", null)));

        backup("cache-failed", "cache", BackupPhase.Failed, "2026-12-02T03:00:00Z", "no replica in sync");
        backup("cache-running", "cache", BackupPhase.Running, null, null);
        backup("other-newer", "other", BackupPhase.Succeeded, "2026-12-03T03:00:00Z", null);
        harness.reconcileNow("cache");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(lastBackup("cache"))
                .as("the newest finished one of this instance, failed or not; running ones and other instances' do not count")
                .isEqualTo(new BackupStatus("cache-failed", "2026-12-02T03:00:00Z", "Failed", "no replica in sync")));
    }
}
