package io.managedkvs.cli.backup;

import static io.managedkvs.cli.backup.RaftKvBackupIT.bytes;
import static io.managedkvs.cli.backup.RaftKvBackupIT.client;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.managedkvs.api.backup.BackupReport;
import io.managedkvs.backup.BackupEntry;
import io.managedkvs.backup.BackupStore;
import io.managedkvs.backup.DirectoryBackupStore;
import io.managedkvs.backup.StoredFile;
import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.testing.BackgroundRuns;
import io.managedkvs.cli.testing.CliRun;
import io.managedkvs.cli.testing.TestPorts;
import io.managedkvs.raftkv.backup.RaftKvBackup;
import io.managedkvs.raftkv.client.ClientConfig;
import io.managedkvs.raftkv.client.KvEntry;
import io.managedkvs.raftkv.client.RaftKvClient;
import io.managedkvs.raftkv.proto.backup.BackupManifest;
import io.managedkvs.raftkv.proto.backup.BackupPiece;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup while regions split under it, as real processes: stores that split above 100 keys, one
 * writer putting keys spread over the whole key space without pause while the backup walks the
 * regions, and a backup slowed down between pieces (each region file is stored only after a pause)
 * so that it outlasts the stores' split checks. Restored into a new playground:
 * <ul>
 *   <li>every write acknowledged before the backup started reads back with its value;</li>
 *   <li>the backup is consistent: no key that was never written, every value the one written, the key
 *       count the region map records, and within each piece (one region at one ReadIndex barrier) the
 *       writer's keys form a prefix of its writes there: the writer waits for each acknowledgement, so a
 *       later write in the piece without an earlier one would be a torn region.</li>
 * </ul>
 */
class RaftKvBackupSplitIT {

    /**
     * Stores halve a region that grew past its limit at each split check (every 10 s): with the four
     * regions the backup starts from, this pause per piece makes it span at least one round.
     */
    private static final Duration PAUSE_PER_PIECE = Duration.ofMillis(3500);
    private static final int REGIONS_BEFORE = 4;
    private static final int PRELOAD = 1500;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;
    @RegisterExtension
    final BackgroundRuns runs = new BackgroundRuns();

    /** A key of write number {@code i}: a scrambled prefix spreads consecutive writes over every region. */
    private static String key(int i) {
        return String.format("%04x:w%06d", (int) ((i * 2654435761L) & 0xffff), i);
    }

    private static String value(int i) {
        return "v" + i;
    }

    @Test
    void everyWriteAcknowledgedBeforeTheBackupIsRestoredAndEachRegionIsCutCleanly() throws Exception {
        CliContext context = RaftKvBackupIT.smallRegions();
        Path source = tmp.resolve("source");
        int base = TestPorts.freeBase(11);
        CliRun playground = runs.start(context, source, "playground", "--dir", source.toString(), "--port-base", Integer.toString(base));

        AtomicInteger issued = new AtomicInteger();
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<Void> writer;
        int ackedBeforeBackup;
        int regionsAtStart;
        int regionsAtEnd;
        BackupReport report;
        Path backups = tmp.resolve("backups");
        try (RaftKvClient client = client(base)) {
            List<KvEntry> batch = new ArrayList<>();
            for (int i = 0; i < PRELOAD; i++) {
                batch.add(new KvEntry(bytes(key(i)), bytes(value(i))));
            }
            client.batchPut(batch);
            issued.set(PRELOAD);
            acknowledged.set(PRELOAD);
            Awaitility.await("the key space split into " + REGIONS_BEFORE + " regions").atMost(Duration.ofSeconds(90))
                    .until(() -> regions(client) >= REGIONS_BEFORE);
            writer = CompletableFuture.runAsync(() -> {
                while (writing.get()) {
                    int i = issued.getAndIncrement();
                    client.put(bytes(key(i)), bytes(value(i)));
                    acknowledged.set(i + 1);
                }
            });
            regionsAtStart = regions(client);
            ackedBeforeBackup = acknowledged.get();
            try (BackupStore target = new PausingStore(new DirectoryBackupStore(backups), PAUSE_PER_PIECE)) {
                report = new RaftKvBackup(ClientConfig.of(List.of("127.0.0.1:" + base)), Duration.ofMinutes(1))
                        .take(target, "split-1", tmp.resolve("spool"));
            }
            regionsAtEnd = regions(client);
            writing.set(false);
            writer.join();
        }
        assertThat(report.succeeded()).as(report.message()).isTrue();
        assertThat(regionsAtEnd).as("regions split while the backup ran (%d at its start)", regionsAtStart).isGreaterThan(regionsAtStart);
        assertThat(acknowledged.get()).as("writes went on during the backup").isGreaterThan(ackedBeforeBackup);
        assertThat(runs.stop(playground)).isZero();

        int restoredBase = TestPorts.freeBase(11);
        Path restoredDir = tmp.resolve("restored");
        runs.start(context, restoredDir, "backup", "restore", "split-1", "--dir", restoredDir.toString(),
                "--port-base", Integer.toString(restoredBase), "--backup-dir", backups.toString(), "--replicas", "1");
        Map<String, String> restored = new TreeMap<>();
        try (RaftKvClient client = client(restoredBase)) {
            client.scan(new byte[0], new byte[0], 1_000_000).forEach(e ->
                    restored.put(new String(e.key(), StandardCharsets.UTF_8), new String(e.value(), StandardCharsets.UTF_8)));
        }

        for (int i = 0; i < ackedBeforeBackup; i++) {
            assertThat(restored.get(key(i))).as("write %d, acknowledged before the backup", i).isEqualTo(value(i));
        }
        int lastIssued = issued.get();
        Map<String, Integer> written = new TreeMap<>();
        for (int i = 0; i < lastIssued; i++) {
            written.put(key(i), i);
        }
        restored.forEach((k, v) -> {
            assertThat(written).as("restored key %s was written", k).containsKey(k);
            assertThat(v).as(k).isEqualTo(value(written.get(k)));
        });
        BackupManifest manifest = BackupManifest.parseFrom(Files.readAllBytes(backups.resolve("split-1").resolve(RaftKvBackup.MANIFEST)));
        assertThat(restored).hasSize((int) manifest.getPiecesList().stream().mapToLong(BackupPiece::getKeyCount).sum());
        for (BackupPiece piece : manifest.getPiecesList()) {
            List<Integer> inPiece = written.entrySet().stream().filter(e -> within(e.getKey(), piece)).map(Map.Entry::getValue)
                    .sorted().toList();
            List<Boolean> present = inPiece.stream().map(i -> restored.containsKey(key(i))).toList();
            int firstMissing = present.indexOf(false);
            assertThat(firstMissing < 0 || !present.subList(firstMissing, present.size()).contains(true))
                    .as("piece [%s, %s) of region %d holds a later write without an earlier one", piece.getStartKey().toStringUtf8(),
                            piece.getEndKey().toStringUtf8(), piece.getRegion().getId())
                    .isTrue();
        }
    }

    private static boolean within(String key, BackupPiece piece) {
        ByteString k = ByteString.copyFromUtf8(key);
        return ByteString.unsignedLexicographicalComparator().compare(k, piece.getStartKey()) >= 0
                && (piece.getEndKey().isEmpty() || ByteString.unsignedLexicographicalComparator().compare(k, piece.getEndKey()) < 0);
    }

    private static int regions(RaftKvClient client) {
        return client.pd().scanRegions(ByteString.EMPTY, ByteString.EMPTY, 0).size();
    }

    /** A real directory store that pauses before storing each region file: the backup walks slowly while writes go on. */
    private record PausingStore(BackupStore store, Duration pause) implements BackupStore {
        @Override
        public String location(String backup) {
            return store.location(backup);
        }

        @Override
        public StoredFile put(String backup, String file, Path source) {
            if (file.endsWith(".sst")) {
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return store.put(backup, file, source);
        }

        @Override
        public StoredFile fetch(String backup, String file, Path target) {
            return store.fetch(backup, file, target);
        }

        @Override
        public List<BackupEntry> list() {
            return store.list();
        }

        @Override
        public void delete(String backup) {
            store.delete(backup);
        }
    }
}
