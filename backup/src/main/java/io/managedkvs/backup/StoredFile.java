package io.managedkvs.backup;

/**
 * A file of a backup as stored.
 *
 * @param name   the file's name within the backup, for example {@code dump.rdb}
 * @param size   its size in bytes
 * @param sha256 its SHA-256, lower-case hex
 */
public record StoredFile(String name, long size, String sha256) {
}
