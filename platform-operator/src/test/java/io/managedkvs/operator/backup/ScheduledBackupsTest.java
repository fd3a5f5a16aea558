package io.managedkvs.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.api.resource.BackupSpec;
import io.managedkvs.api.resource.BackupTarget;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSBackup;
import io.managedkvs.api.resource.ManagedKVSBackupSpec;
import io.managedkvs.api.resource.ManagedKVSBackupStatus;
import io.managedkvs.api.resource.ManagedKVSBackupStatus.BackupPhase;
import io.managedkvs.api.resource.ManagedKVSSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The schedule and retention as a pure plan: what to create, what to delete, when to look again. */
class ScheduledBackupsTest {

    private static ManagedKVS instance(String schedule, int retain, String created) {
        ManagedKVS kvs = new ManagedKVS("apps", "cache", ManagedKVSSpec.of("redis-sentinel", "7.2")
                .withBackup(new BackupSpec(schedule, retain, new BackupTarget("backups", null))));
        kvs.getMetadata().setCreationTimestamp(created);
        return kvs;
    }

    private static ManagedKVSBackup scheduled(String name, BackupPhase phase) {
        ManagedKVSBackup b = new ManagedKVSBackup("apps", name, new ManagedKVSBackupSpec("cache", null));
        b.getMetadata().setLabels(Map.of(Labels.INSTANCE, "cache", ManagedKVSBackup.SCHEDULED_LABEL, "true"));
        b.setStatus(phase == null ? null : ManagedKVSBackupStatus.of(phase, null));
        return b;
    }

    private static ManagedKVSBackup onDemand(String name) {
        ManagedKVSBackup b = new ManagedKVSBackup("apps", name, new ManagedKVSBackupSpec("cache", null));
        b.getMetadata().setLabels(Map.of(Labels.INSTANCE, "cache"));
        b.setStatus(ManagedKVSBackupStatus.of(BackupPhase.Succeeded, null));
        return b;
    }

    @Test
    void theDueBackupIsCreatedOnceNamedAfterItsMinute() {
        ManagedKVS kvs = instance("0 3 * * *", 7, "2026-12-01T10:00:00Z");
        Instant now = Instant.parse("2026-12-05T12:10:00Z");

        ScheduledBackups.Plan plan = ScheduledBackups.plan(kvs, List.of(), now);
        assertThat(plan.create()).hasValueSatisfying(b -> {
            assertThat(b.getMetadata().getName()).isEqualTo("cache-20261205-0300");
            assertThat(b.getMetadata().getLabels()).containsEntry(ManagedKVSBackup.SCHEDULED_LABEL, "true").containsEntry(Labels.INSTANCE, "cache");
            assertThat(b.getSpec().instance()).isEqualTo("cache");
        });
        assertThat(plan.untilNext()).contains(Duration.ofHours(14).plusMinutes(50));

        ScheduledBackups.Plan again = ScheduledBackups.plan(kvs, List.of(scheduled("cache-20261205-0300", BackupPhase.Running)), now);
        assertThat(again.create()).as("already created").isEmpty();
    }

    @Test
    void nothingIsDueBeforeTheInstanceExisted() {
        ManagedKVS kvs = instance("0 3 * * *", 7, "2026-12-05T11:00:00Z");
        assertThat(ScheduledBackups.plan(kvs, List.of(), Instant.parse("2026-12-05T12:10:00Z")).create()).isEmpty();
        assertThat(ScheduledBackups.plan(kvs, List.of(), Instant.parse("2026-12-06T03:00:20Z")).create())
                .hasValueSatisfying(b -> assertThat(b.getMetadata().getName()).isEqualTo("cache-20261206-0300"));
    }

    @Test
    void retentionDeletesTheOldestFinishedScheduledBackupsBeyondTheCount() {
        ManagedKVS kvs = instance("0 * * * *", 2, "2026-12-01T00:00:00Z");
        List<ManagedKVSBackup> existing = new ArrayList<>(List.of(
                scheduled("cache-20261205-0900", BackupPhase.Succeeded),
                scheduled("cache-20261205-1000", BackupPhase.Failed),
                scheduled("cache-20261205-1100", BackupPhase.Succeeded),
                onDemand("cache-before-upgrade")));

        ScheduledBackups.Plan plan = ScheduledBackups.plan(kvs, existing, Instant.parse("2026-12-05T12:00:30Z"));

        assertThat(plan.create()).hasValueSatisfying(b -> assertThat(b.getMetadata().getName()).isEqualTo("cache-20261205-1200"));
        // Four scheduled with the new one, two kept: the two oldest go; on-demand backups never count.
        assertThat(plan.delete()).extracting(b -> b.getMetadata().getName()).containsExactly("cache-20261205-0900", "cache-20261205-1000");
    }

    @Test
    void aRunningBackupIsNeverDeletedByRetention() {
        ManagedKVS kvs = instance("0 * * * *", 1, "2026-12-01T00:00:00Z");
        List<ManagedKVSBackup> existing = List.of(scheduled("cache-20261205-1100", BackupPhase.Running),
                scheduled("cache-20261205-1200", BackupPhase.Succeeded));

        ScheduledBackups.Plan plan = ScheduledBackups.plan(kvs, existing, Instant.parse("2026-12-05T12:30:00Z"));

        assertThat(plan.create()).isEmpty();
        assertThat(plan.delete()).as("the only older one is still running").isEmpty();
    }
}
