package io.managedkvs.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The progress and outcome of one backup, written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ManagedKVSBackupStatus(
        @JsonPropertyDescription("Pending, Running, Succeeded or Failed.")
        BackupPhase phase,
        @JsonPropertyDescription("The engine of the instance the backup was taken of.")
        String engine,
        @JsonPropertyDescription("When the backup started (RFC 3339).")
        String startTime,
        @JsonPropertyDescription("When it finished, successfully or not (RFC 3339).")
        String completionTime,
        @JsonPropertyDescription("Bytes stored.")
        Long sizeBytes,
        @JsonPropertyDescription("Bytes stored, for humans (for example 1.5 MiB).")
        String size,
        @JsonPropertyDescription("Where the backup is stored: a path on the PersistentVolumeClaim, or an s3:// URL.")
        String location,
        @JsonPropertyDescription("SHA-256 of the stored data, as sha256:<hex>; it is checked again before a restore.")
        String checksum,
        @JsonPropertyDescription("The member the data was read from.")
        String source,
        @JsonPropertyDescription("Why the backup is waiting or failed.")
        String message,
        @JsonPropertyDescription("Where the backup was written (spec.target, or the instance's spec.backup.target at the time), so that deleting it deletes the data even after the instance is gone.")
        BackupTarget target) {

    /** The phases of a backup. */
    public enum BackupPhase {
        /** Accepted; not started yet (for example the instance is not ready). */
        Pending,
        /** Data is being read and stored. */
        Running,
        /** Stored and checksummed. */
        Succeeded,
        /** It did not complete; nothing usable was stored. */
        Failed
    }

    public static ManagedKVSBackupStatus of(BackupPhase phase, String message) {
        return new ManagedKVSBackupStatus(phase, null, null, null, null, null, null, null, null, message, null);
    }

    public boolean finished() {
        return phase == BackupPhase.Succeeded || phase == BackupPhase.Failed;
    }
}
