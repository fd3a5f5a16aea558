package io.managedkvs.operator.backup;

import io.managedkvs.api.resource.ManagedKVSBackup;
import io.managedkvs.api.resource.ManagedKVSBackupStatus;
import io.managedkvs.api.resource.ManagedKVSStatus.BackupStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * An instance's status.lastBackup: the newest finished ManagedKVSBackup of it (by completion time),
 * whether it succeeded or failed, so that a failed nightly backup shows on the instance. Backups
 * still running or waiting do not count. Pure; the same for every engine.
 */
public final class LastBackup {

    private LastBackup() {
    }

    public static Optional<BackupStatus> of(String instance, Collection<ManagedKVSBackup> backups) {
        return backups.stream()
                .filter(b -> b.getSpec() != null && instance.equals(b.getSpec().instance()))
                .filter(b -> b.getStatus() != null && b.getStatus().finished() && completion(b) != null)
                .max(Comparator.comparing(LastBackup::completion).thenComparing(b -> b.getMetadata().getName()))
                .map(LastBackup::status);
    }

    private static BackupStatus status(ManagedKVSBackup b) {
        ManagedKVSBackupStatus s = b.getStatus();
        boolean failed = s.phase() == ManagedKVSBackupStatus.BackupPhase.Failed;
        return new BackupStatus(b.getMetadata().getName(), s.completionTime(), s.phase().name(), failed ? s.message() : null);
    }

    private static Instant completion(ManagedKVSBackup b) {
        try {
            return b.getStatus().completionTime() == null ? null : Instant.parse(b.getStatus().completionTime());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
