package io.managedkvs.operator.backup;

import io.managedkvs.api.backup.BackupSchedule;
import io.managedkvs.api.resource.BackupSpec;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSBackup;
import io.managedkvs.api.resource.ManagedKVSBackupSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides, from spec.backup and the backups that exist, which scheduled backup to create and which to
 * delete: a pure function of its inputs, carried out by {@link BackupScheduling}. A scheduled backup
 * is named after the minute it was due ({@code <instance>-<yyyyMMdd-HHmm>}), so deciding twice, or in
 * two operator replicas, creates it once. Only the latest due time counts: an operator that was down
 * for a week takes one backup, not seven. Retention counts scheduled backups only: the newest
 * spec.backup.retain are kept, and older ones are deleted once finished (never one still running).
 */
public final class ScheduledBackups {

    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);

    /**
     * @param create    the backup to create now, if one is due
     * @param delete    the backups retention removes
     * @param untilNext how long until the schedule next fires
     */
    public record Plan(Optional<ManagedKVSBackup> create, List<ManagedKVSBackup> delete, Optional<Duration> untilNext) {
    }

    private ScheduledBackups() {
    }

    public static Plan plan(ManagedKVS instance, List<ManagedKVSBackup> existing, Instant now) {
        BackupSpec spec = instance.getSpec().backup();
        if (spec == null) {
            return new Plan(Optional.empty(), List.of(), Optional.empty());
        }
        BackupSchedule schedule = BackupSchedule.parse(spec.schedule());
        ZonedDateTime at = now.atZone(ZoneOffset.UTC);
        Instant created = Instant.parse(instance.getMetadata().getCreationTimestamp());
        Set<String> names = existing.stream().map(b -> b.getMetadata().getName()).collect(Collectors.toSet());
        Optional<ManagedKVSBackup> create = schedule.lastAtOrBefore(at)
                .filter(due -> !due.toInstant().isBefore(created.truncatedTo(ChronoUnit.MINUTES)))
                .map(due -> backup(instance, due.toInstant()))
                .filter(b -> !names.contains(b.getMetadata().getName()));

        List<ManagedKVSBackup> scheduled = new ArrayList<>(existing.stream().filter(ScheduledBackups::isScheduled).toList());
        create.ifPresent(scheduled::add);
        scheduled.sort(Comparator.comparing(b -> b.getMetadata().getName()));
        // The newest `retain` are kept whatever their state; older ones go once they have finished.
        int excess = Math.max(0, scheduled.size() - spec.effectiveRetain());
        List<ManagedKVSBackup> delete = scheduled.subList(0, excess).stream()
                .filter(b -> b.getStatus() != null && b.getStatus().finished() && b.getMetadata().getDeletionTimestamp() == null)
                .toList();
        Optional<Duration> untilNext = schedule.nextAfter(at).map(next -> Duration.between(now, next.toInstant()));
        return new Plan(create, delete, untilNext);
    }

    /** The name of the scheduled backup of {@code instance} due at {@code due}. */
    public static String name(String instance, Instant due) {
        return instance + "-" + SUFFIX.format(due);
    }

    private static ManagedKVSBackup backup(ManagedKVS instance, Instant due) {
        ManagedKVSBackup b = new ManagedKVSBackup(instance.getMetadata().getNamespace(), name(instance.getMetadata().getName(), due),
                new ManagedKVSBackupSpec(instance.getMetadata().getName(), null));
        b.getMetadata().setLabels(Map.of(Labels.INSTANCE, instance.getMetadata().getName(),
                ManagedKVSBackup.SCHEDULED_LABEL, "true", Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE));
        return b;
    }

    private static boolean isScheduled(ManagedKVSBackup b) {
        Map<String, String> labels = b.getMetadata().getLabels();
        return labels != null && "true".equals(labels.get(ManagedKVSBackup.SCHEDULED_LABEL));
    }
}
