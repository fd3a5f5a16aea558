package io.managedkvs.operator.backup;

import static io.managedkvs.operator.testing.OperatorHarness.NAMESPACE;
import static io.managedkvs.operator.testing.OperatorHarness.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.resource.BackupSpec;
import io.managedkvs.api.resource.BackupTarget;
import io.managedkvs.api.resource.Condition;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSBackup;
import io.managedkvs.api.resource.ManagedKVSBackupSpec;
import io.managedkvs.api.resource.ManagedKVSBackupStatus;
import io.managedkvs.api.resource.ManagedKVSBackupStatus.BackupPhase;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.RestoreSpec;
import io.managedkvs.api.resource.TlsSpec;
import io.managedkvs.operator.rbac.RequestPermissions;
import io.managedkvs.operator.testing.OperatorHarness;
import io.managedkvs.redis.RedisSentinelEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The instance reconciler on the mock API server: spec.backup's schedule creates ManagedKVSBackups
 * and retention deletes the oldest; spec.restore into a running instance and backups or TLS for an
 * engine that cannot do them are refused with SpecValid=False naming the field.
 */
class BackupScheduleOnMockServerTest {

    private static final BackupTarget CLAIM = new BackupTarget("backups", null);
    private OperatorHarness harness;

    @BeforeEach
    void start() {
        harness = new OperatorHarness(trigger -> List.of(new RedisSentinelEngine(PlatformSettings.defaults(), trigger)));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private List<String> backups() {
        return harness.client().resources(ManagedKVSBackup.class).inNamespace(NAMESPACE).list().getItems().stream()
                .map(b -> b.getMetadata().getName()).sorted().toList();
    }

    @Test
    void theScheduleCreatesBackupsAndRetentionDeletesTheOldest() {
        ManagedKVS created = harness.create(resource("cache", ManagedKVSSpec.of(RedisSentinelEngine.NAME, "7.2")
                .withBackup(new BackupSpec("*/5 * * * *", 2, CLAIM))));
        Instant createdAt = Instant.parse(created.getMetadata().getCreationTimestamp());
        harness.awaitObserved("cache");
        // The harness's clock starts long before the mock server's creation time: nothing is due yet.
        assertThat(backups()).isEmpty();

        harness.clock.advance(Duration.between(harness.clock.instant(), createdAt.plus(Duration.ofMinutes(5))));
        harness.reconcileNow("cache");
        String first = ScheduledBackups.name("cache", lastFiveMinuteMark(harness.clock.instant()));
        await().atMost(Duration.ofSeconds(20)).until(() -> backups().contains(first));
        ManagedKVSBackup backup = harness.client().resources(ManagedKVSBackup.class).inNamespace(NAMESPACE).withName(first).get();
        assertThat(backup.getMetadata().getLabels()).containsEntry(ManagedKVSBackup.SCHEDULED_LABEL, "true");
        assertThat(backup.getMetadata().getOwnerReferences()).as("backups outlive their instance").isNullOrEmpty();

        for (String older : List.of("cache-20000101-0000", "cache-20000101-0005")) {
            ManagedKVSBackup old = new ManagedKVSBackup(NAMESPACE, older, new ManagedKVSBackupSpec("cache", null));
            old.getMetadata().setLabels(Map.of(Labels.INSTANCE, "cache", ManagedKVSBackup.SCHEDULED_LABEL, "true"));
            harness.client().resource(old).create();
            old = harness.client().resources(ManagedKVSBackup.class).inNamespace(NAMESPACE).withName(older).get();
            old.setStatus(ManagedKVSBackupStatus.of(BackupPhase.Succeeded, null));
            harness.client().resource(old).updateStatus();
        }
        harness.reconcileNow("cache");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(backups()).as("three scheduled, two kept: the oldest goes").containsExactly("cache-20000101-0005", first));

        Set<String> used = RequestPermissions.used(harness.dispatcher().calls(), OperatorHarness.OPERATOR_USER_AGENT);
        assertThat(RequestPermissions.granted()).as("OperatorPermissions.rules() allows the schedule's calls").containsAll(used);
        assertThat(used).contains("managedkvs.io/managedkvsbackups:list", "managedkvs.io/managedkvsbackups:create",
                "managedkvs.io/managedkvsbackups:delete");
    }

    private static Instant lastFiveMinuteMark(Instant now) {
        long minutes = now.getEpochSecond() / 60;
        return Instant.ofEpochSecond((minutes - minutes % 5) * 60);
    }

    @Test
    void restoringIntoARunningInstanceIsRefusedAndChangesNothing() {
        harness.create(resource("cache", ManagedKVSSpec.of(RedisSentinelEngine.NAME, "7.2")));
        harness.awaitObserved("cache");
        int statefulSets = harness.client().apps().statefulSets().inNamespace(NAMESPACE).list().getItems().size();

        harness.editSpec("cache", spec -> spec.withRestore(new RestoreSpec("cache-20261205-0300", CLAIM)));
        ManagedKVS refused = harness.awaitObserved("cache");

        Condition specValid = refused.getStatus().condition(Condition.SPEC_VALID).orElseThrow();
        assertThat(specValid.status()).isEqualTo(Condition.FALSE);
        assertThat(specValid.message()).startsWith("spec.restore: this instance is already running")
                .contains("create a new ManagedKVS with spec.restore");
        assertThat(harness.client().apps().statefulSets().inNamespace(NAMESPACE).list().getItems()).hasSize(statefulSets)
                .allSatisfy(s -> assertThat(s.getSpec().getTemplate().getSpec().getInitContainers()).isEmpty());
    }

    @Test
    void anEngineWithoutBackupsOrTlsRefusesThemByField() {
        harness.create(resource("plain", OperatorHarness.fixtureSpec("1.0", 3)
                .withBackup(new BackupSpec("@daily", null, CLAIM)).withTls(new TlsSpec(true, "plain-tls"))));
        ManagedKVS refused = harness.awaitObserved("plain");

        assertThat(refused.getStatus().condition(Condition.SPEC_VALID).orElseThrow().message())
                .contains("spec.backup: the fixture-kv engine cannot take backups in this version")
                .contains("spec.tls.enabled: the fixture-kv engine cannot serve TLS in this version");
        assertThat(backups()).isEmpty();
    }
}
