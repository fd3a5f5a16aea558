package io.managedkvs.backup;

/** Why a backup could not be stored or read back; the message names the backup and the file. */
public class BackupException extends RuntimeException {

    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The backup, or one of its files, does not exist. */
    public static final class NotFound extends BackupException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** A data file has no checksum beside it: its upload did not finish. */
    public static final class Incomplete extends BackupException {
        public Incomplete(String message) {
            super(message);
        }
    }

    /** The data read back is not what was written: the backup is corrupted and must not be restored. */
    public static final class ChecksumMismatch extends BackupException {
        public ChecksumMismatch(String message) {
            super(message);
        }
    }
}
