package io.managedkvs.backup;

import java.time.Instant;
import java.util.List;

/**
 * A backup found in a store.
 *
 * @param name     the backup's name
 * @param time     when its newest file was written
 * @param files    its data files (checksum files not included) with their sizes; sha256 is empty when unknown
 * @param complete whether every data file has its checksum beside it
 */
public record BackupEntry(String name, Instant time, List<StoredFile> files, boolean complete) {

    public BackupEntry {
        files = List.copyOf(files);
    }

    /** Bytes of all data files. */
    public long size() {
        return files.stream().mapToLong(StoredFile::size).sum();
    }
}
