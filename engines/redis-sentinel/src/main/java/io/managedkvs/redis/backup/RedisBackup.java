package io.managedkvs.redis.backup;

import io.managedkvs.api.backup.BackupReport;
import io.managedkvs.backup.BackupStore;
import io.managedkvs.backup.StoredFile;
import io.managedkvs.redis.actuator.Endpoint;
import io.managedkvs.redis.actuator.RedisClients;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.SocketFactory;

/**
 * Takes one backup of a Redis instance: an RDB snapshot read from an in-sync replica
 * ({@link ReplicaChoice}, {@link RdbStream}), spooled to a local file and stored with its SHA-256.
 * The same code runs in the operator's backup Job and in {@code kvsctl backup create}.
 */
public final class RedisBackup {

    /** The one file of a Redis backup, named as Redis names its snapshot so a restore is a copy. */
    public static final String RDB_FILE = "dump.rdb";

    private final RedisClients clients;
    private final SocketFactory sockets;

    public RedisBackup(RedisClients clients, SocketFactory sockets) {
        this.clients = clients;
        this.sockets = sockets;
    }

    /**
     * @param members  the instance's data members; the backup is read from one of its replicas
     * @param store    where to keep it
     * @param name     the backup's name
     * @param spoolDir where the snapshot is spooled before it is stored
     */
    public BackupReport take(List<Endpoint> members, BackupStore store, String name, Path spoolDir) {
        List<String> notes = new ArrayList<>();
        Optional<Endpoint> replica = ReplicaChoice.choose(members, clients, notes);
        if (replica.isEmpty()) {
            return BackupReport.failure("no replica is in sync with the primary, and backups are never read from the primary"
                    + " (its fork would pause writes): " + String.join("; ", notes));
        }
        Path spool = null;
        try {
            Files.createDirectories(spoolDir);
            spool = Files.createTempFile(spoolDir, name + "-", ".rdb");
            try (OutputStream out = Files.newOutputStream(spool)) {
                RdbStream.copy(replica.get(), clients.password(), clients.timeout().multipliedBy(40), sockets, out);
            }
            StoredFile stored = store.put(name, RDB_FILE, spool);
            return BackupReport.success(stored.size(), stored.sha256(), store.location(name), replica.get().name());
        } catch (IOException | RuntimeException e) {
            return BackupReport.failure("backup " + name + " from " + replica.get().name() + " failed: " + clients.scrub(String.valueOf(e.getMessage())));
        } finally {
            deleteQuietly(spool);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A leftover spool file in a temporary directory harms nothing.
            }
        }
    }
}
