package io.managedkvs.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.playground.Playground;
import io.managedkvs.cli.playground.PlaygroundDir;
import io.managedkvs.cli.raftkv.RaftKvPlayground;
import io.managedkvs.cli.testing.CliRun;
import io.managedkvs.cli.testing.TestPorts;
import io.managedkvs.raftkv.client.ClientConfig;
import io.managedkvs.raftkv.client.KvEntry;
import io.managedkvs.raftkv.client.RaftKvClient;
import io.managedkvs.redis.local.RedisBinaries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kvsctl backup create|list|restore} for the raft-kv playground, as real processes: keys (some
 * with a TTL) spread over several regions, a backup to a directory, more writes, a restore into a new
 * playground that holds every key written before the backup with its value (and its TTL) and none
 * written after, and a corrupted region file refused by its checksum before anything starts. Both
 * cases back up one source playground, stopped as soon as they are done.
 */
class RaftKvBackupIT {

    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration STOP = Duration.ofSeconds(60);
    private static final Duration HOUR = Duration.ofHours(1);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path tmp;
    private static final List<PlaygroundDir.RunningProcess> SEEN = new ArrayList<>();
    private static final Map<String, String> PLAIN = new LinkedHashMap<>();
    private static final Map<String, String> EXPIRING = new LinkedHashMap<>();
    private static CliContext context;
    private static Path source;
    private static int base;
    private static CliRun playground;

    /** Stores that split regions above 100 keys, so a backup spans several regions. */
    static CliContext smallRegions() {
        return new CliContext(RedisBinaries::discover, Playground::start, System::getenv,
                (layout, dir, events, cancelled, options) -> RaftKvPlayground.start(layout, dir, events, cancelled,
                        new RaftKvPlayground.Options(List.of("--region-max-keys", "100"), false, options.tls())));
    }

    @BeforeAll
    static void startTheSourceWithKeysOverSeveralRegions() throws Exception {
        context = smallRegions();
        source = tmp.resolve("source");
        base = TestPorts.freeBase(11);
        // --exit-after only bounds a run whose test died; the cases stop it as soon as they are done.
        playground = new CliRun(context).runInBackground("playground", "--dir", source.toString(),
                "--port-base", Integer.toString(base), "--exit-after", "600");
        playground.awaitOut("^Press Ctrl-C", STARTUP);
        SEEN.addAll(PlaygroundDir.recorded(source));
        try (RaftKvClient client = client(base)) {
            List<KvEntry> batch = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String k = String.format("before:%04d", i);
                PLAIN.put(k, "value-" + i);
                batch.add(new KvEntry(bytes(k), bytes("value-" + i)));
            }
            client.batchPut(batch);
            for (int i = 0; i < 40; i++) {
                String k = String.format("ttl:%03d", i);
                EXPIRING.put(k, "short-lived-" + i);
                client.put(bytes(k), bytes("short-lived-" + i), HOUR);
            }
            Awaitility.await("the key space split into several regions").atMost(Duration.ofSeconds(90))
                    .until(() -> client.pd().scanRegions(ByteString.EMPTY, ByteString.EMPTY, 0).size() >= 3);
        }
    }

    @AfterAll
    static void stopTheSource() throws Exception {
        try {
            if (playground != null) {
                assertThat(playground.stop(STOP)).as("the source playground stops cleanly").isZero();
            }
        } finally {
            SEEN.forEach(p -> p.handle().ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void backsUpThePlaygroundAndRestoresItIntoANewOne() throws Exception {
        Path backups = tmp.resolve("backups-1");
        CliRun create = new CliRun(context);
        assertThat(create.run("backup", "create", "b-1", "--playground", source.toString(), "--backup-dir", backups.toString()))
                .as(create.err()).isZero();
        assertThat(create.out()).containsPattern("backup b-1: \\d+ bytes, \\d+ regions, 440 keys, at PD timestamp")
                .contains(backups.resolve("b-1").toString());
        try (Stream<Path> files = Files.list(backups.resolve("b-1"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertThat(names).contains("manifest.pb", "manifest.pb.sha256").anyMatch(n -> n.matches("region-\\d{5}\\.sst"));
            assertThat(names.stream().filter(n -> n.endsWith(".sst"))).allMatch(n -> names.contains(n + ".sha256"));
        }
        try (RaftKvClient client = client(base)) {
            for (int i = 0; i < 30; i++) {
                client.put(bytes("after:" + i), bytes("late"));
            }
        }

        CliRun list = new CliRun(context);
        assertThat(list.run("backup", "list", "--backup-dir", backups.toString())).as(list.err()).isZero();
        assertThat(list.out()).containsPattern("(?m)^b-1\\s+\\d+\\s+\\S+Z\\s+complete$");

        int restoredBase = TestPorts.freeBase(11);
        Path restoredDir = tmp.resolve("restored");
        CliRun restore = new CliRun(context).runInBackground("backup", "restore", "b-1", "--dir", restoredDir.toString(),
                "--port-base", Integer.toString(restoredBase), "--backup-dir", backups.toString(), "--exit-after", "300");
        try {
            restore.awaitOut("^Press Ctrl-C", STARTUP);
        } finally {
            SEEN.addAll(PlaygroundDir.recorded(restoredDir));
        }
        assertThat(restore.out()).contains("loaded backup b-1 from " + backups.resolve("b-1")).contains("440 keys from");
        try (RaftKvClient restored = client(restoredBase)) {
            PLAIN.forEach((k, v) -> {
                KvEntry e = restored.getEntryAsync(bytes(k)).join().orElseThrow(() -> new AssertionError(k + " is missing"));
                assertThat(new String(e.value(), StandardCharsets.UTF_8)).as(k).isEqualTo(v);
                assertThat(e.ttlMillis()).as(k + " has no expiry").isZero();
            });
            EXPIRING.forEach((k, v) -> {
                KvEntry e = restored.getEntryAsync(bytes(k)).join().orElseThrow(() -> new AssertionError(k + " is missing"));
                assertThat(new String(e.value(), StandardCharsets.UTF_8)).as(k).isEqualTo(v);
                assertThat(e.ttlMillis()).as(k + " keeps its expiry").isPositive().isLessThanOrEqualTo(HOUR.toMillis());
            });
            assertThat(restored.get(bytes("after:0"))).as("written after the backup").isEmpty();
            assertThat(restored.scan(new byte[0], new byte[0], 10_000, true)).hasSize(PLAIN.size() + EXPIRING.size());
        }
        assertThat(restore.stop(STOP)).isZero();
    }

    @Test
    void aCorruptedRegionFileIsRefusedAndNothingStarts() throws Exception {
        Path backups = tmp.resolve("backups-2");
        CliRun create = new CliRun(context);
        assertThat(create.run("backup", "create", "b-2", "--playground", source.toString(), "--backup-dir", backups.toString()))
                .as(create.err()).isZero();
        Path sst;
        try (Stream<Path> files = Files.list(backups.resolve("b-2"))) {
            sst = files.filter(p -> p.toString().endsWith(".sst")).findFirst().orElseThrow();
        }
        byte[] data = Files.readAllBytes(sst);
        data[data.length / 2] ^= 0x5a;
        Files.write(sst, data);

        Path restoredDir = tmp.resolve("refused");
        CliRun restore = new CliRun(context);
        int code = restore.run("backup", "restore", "b-2", "--dir", restoredDir.toString(), "--port-base",
                Integer.toString(TestPorts.freeBase(11)), "--backup-dir", backups.toString(), "--exit-after", "5");

        assertThat(code).isEqualTo(1);
        assertThat(restore.err()).contains("backup b-2 is corrupted or incomplete; nothing was started")
                .contains(sst.getFileName().toString());
        assertThat(restoredDir).doesNotExist();
    }

    static RaftKvClient client(int pdPort) {
        return RaftKvClient.connect(ClientConfig.of(List.of("127.0.0.1:" + pdPort)).withCallTimeout(Duration.ofSeconds(20)));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
