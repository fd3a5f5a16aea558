package io.managedkvs.backup;

import java.nio.file.Path;
import java.util.List;

/**
 * Where backups are kept. A backup is a named set of files ({@code <backup>/<file>}); beside each file
 * lies its SHA-256 ({@code <file>.sha256}, in the format {@code sha256sum -c} reads), written only after
 * the file itself, so a backup whose upload was cut short has no checksum and is never restored.
 * Every file read back is checked against its checksum before it is handed out.
 *
 * <p>Engine-independent: the Redis engine stores one file ({@code dump.rdb}); an engine with many
 * files (region SSTs and a region map) stores them under the same backup name.
 */
public interface BackupStore extends AutoCloseable {

    /** The file's SHA-256 is kept in a file of this suffix beside it. */
    String CHECKSUM_SUFFIX = ".sha256";

    /** Where backup {@code backup} lives, for humans and status: a path or an {@code s3://} URL. */
    String location(String backup);

    /**
     * Stores {@code source} as file {@code file} of backup {@code backup}, then its checksum.
     *
     * @return what was stored: size and SHA-256
     */
    StoredFile put(String backup, String file, Path source);

    /**
     * Copies file {@code file} of backup {@code backup} to {@code target}, checked against its checksum.
     * {@code target} only appears once the check passed.
     *
     * @throws BackupException.NotFound when the backup or file does not exist
     * @throws BackupException.Incomplete when its checksum is missing (an upload cut short)
     * @throws BackupException.ChecksumMismatch when the data does not match its checksum
     */
    StoredFile fetch(String backup, String file, Path target);

    /** The backups kept here, oldest first. */
    List<BackupEntry> list();

    /** Deletes backup {@code backup} and all its files; nothing happens when it does not exist. */
    void delete(String backup);

    @Override
    default void close() {
    }
}
