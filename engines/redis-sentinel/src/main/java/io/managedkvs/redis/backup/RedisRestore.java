package io.managedkvs.redis.backup;

import io.managedkvs.api.backup.BackupReport;
import io.managedkvs.backup.BackupException;
import io.managedkvs.backup.BackupStore;
import io.managedkvs.backup.StoredFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads a backup into a new member's data directory before redis-server starts, so that the member
 * starts with the data and the instance is never ready without it. The snapshot is checked against
 * its SHA-256 on the way in; a corrupted one is refused and nothing is written. A member that already
 * has data of its own (it ran before, or its volume was kept) is left alone: a restore happens once.
 */
public final class RedisRestore {

    /** Written after a successful restore; names the backup. */
    public static final String MARKER = "restored-from";

    private RedisRestore() {
    }

    public static BackupReport restore(BackupStore store, String name, Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Path marker = dataDir.resolve(MARKER);
            if (Files.exists(marker) || hasData(dataDir)) {
                String why = Files.exists(marker) ? "already restored from " + Files.readString(marker).strip() : "it holds data already";
                return BackupReport.success(0, "", store.location(name), "skipped: " + why);
            }
            StoredFile file = store.fetch(name, RedisBackup.RDB_FILE, dataDir.resolve(RedisBackup.RDB_FILE));
            Files.writeString(marker, name + "\n");
            return BackupReport.success(file.size(), file.sha256(), store.location(name), dataDir.toString());
        } catch (BackupException e) {
            return BackupReport.failure(e.getMessage());
        } catch (IOException e) {
            return BackupReport.failure("restoring backup " + name + " into " + dataDir + " failed: " + e.getMessage());
        } catch (UncheckedIOException e) {
            return BackupReport.failure("restoring backup " + name + " into " + dataDir + " failed: " + e.getCause().getMessage());
        }
    }

    private static boolean hasData(Path dataDir) {
        return Files.exists(dataDir.resolve(RedisBackup.RDB_FILE)) || Files.exists(dataDir.resolve("appendonlydir"));
    }
}
