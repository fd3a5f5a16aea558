package io.managedkvs.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.backup.StoreOptions;
import io.managedkvs.backup.testing.LocalS3Server;
import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.playground.Playground;
import io.managedkvs.cli.playground.PlaygroundDir;
import io.managedkvs.cli.testing.CliRun;
import io.managedkvs.cli.testing.RecordedProcesses;
import io.managedkvs.redis.local.RedisBinaries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * {@code kvsctl backup create|list|restore} against a running playground of real processes: backups
 * to a directory and to an S3-compatible server, more writes, a restore into a new playground that
 * holds every key written before the backup and none after, and a corrupted backup refused.
 */
class BackupCommandsIT {

    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final String PASSWORD = "backup-it";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;
    @RegisterExtension
    final RecordedProcesses processes = new RecordedProcesses();

    @Test
    void backsUpAPlaygroundAndRestoresItIntoANewOne() throws Exception {
        try (LocalS3Server s3 = LocalS3Server.start("kvs")) {
            Map<String, String> env = Map.of(StoreOptions.ACCESS_KEY_ENV, LocalS3Server.ACCESS_KEY,
                    StoreOptions.SECRET_KEY_ENV, LocalS3Server.SECRET_KEY, "KVSCTL_PASSWORD", PASSWORD);
            CliContext context = new CliContext(RedisBinaries::discover, Playground::start, env::get);
            Path source = tmp.resolve("source");
            Path backups = tmp.resolve("backups");
            String[] bucket = {"--s3-endpoint", s3.endpoint().toString(), "--s3-bucket", "kvs", "--s3-prefix", "team-a"};

            CliRun playground = new CliRun(context).runInBackground("playground", "--engine", "redis-sentinel", "--dir", source.toString(),
                    "--replicas", "2", "--sentinels", "1", "--port-base", Integer.toString(freeBase()), "--exit-after", "30");
            int readWrite = readWritePort(playground.awaitOut("^  read-write   127\\.0\\.0\\.1:(\\d+) ", STARTUP));
            processes.record(source);
            Map<String, String> before = write(readWrite, "before", 500);
            try (Jedis primary = connect(readWrite)) {
                assertThat(primary.waitReplicas(1, 10_000)).isEqualTo(1);
            }

            CliRun toDir = new CliRun(context);
            assertThat(toDir.run("backup", "create", "nightly-1", "--playground", source.toString(), "--backup-dir", backups.toString()))
                    .as(toDir.err()).isZero();
            assertThat(toDir.out()).contains("backup nightly-1:").contains("from playground-redis-1").contains(backups.resolve("nightly-1").toString());
            CliRun toBucket = new CliRun(context);
            List<String> createInBucket = new ArrayList<>(List.of("backup", "create", "nightly-1", "--playground", source.toString()));
            createInBucket.addAll(List.of(bucket));
            assertThat(toBucket.run(createInBucket.toArray(String[]::new))).as(toBucket.err()).isZero();
            assertThat(toBucket.out()).contains("stored at s3://kvs/team-a/nightly-1/");
            write(readWrite, "after", 50);

            CliRun list = new CliRun(context);
            List<String> listBucket = new ArrayList<>(List.of("backup", "list"));
            listBucket.addAll(List.of(bucket));
            assertThat(list.run(listBucket.toArray(String[]::new))).as(list.err()).isZero();
            assertThat(list.out()).containsPattern("(?m)^nightly-1\\s+\\d+\\s+\\S+Z\\s+complete$");

            List<String> restoreArgs = new ArrayList<>(List.of("backup", "restore", "nightly-1", "--engine", "redis-sentinel",
                    "--replicas", "2", "--sentinels", "1", "--dir", tmp.resolve("restored").toString(), "--exit-after", "10"));
            restoreArgs.addAll(List.of(bucket));
            CliRun restore = new CliRun(context).runInBackground(restoreArgs.toArray(String[]::new));
            int restoredPort = readWritePort(restore.awaitOut("^  read-write   127\\.0\\.0\\.1:(\\d+) ", STARTUP));
            processes.record(tmp.resolve("restored"));
            assertThat(restore.out()).contains("loaded backup nightly-1 from s3://kvs/team-a/nightly-1/ into 2 members");
            try (Jedis restored = connect(restoredPort)) {
                before.forEach((k, v) -> assertThat(restored.get(k)).as(k).isEqualTo(v));
                assertThat(restored.exists("after:0")).as("written after the backup").isFalse();
                assertThat(restored.dbSize()).isEqualTo(before.size());
            }
            assertThat(restore.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(playground.awaitExit(Duration.ofSeconds(60))).isZero();
        }
    }

    @Test
    void aCorruptedBackupIsRefusedAndNothingStarts() throws Exception {
        Path backups = tmp.resolve("backups");
        Path backup = Files.createDirectories(backups.resolve("broken-1"));
        byte[] rdb = "REDIS0010 pretend snapshot".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Files.write(backup.resolve("dump.rdb"), rdb);
        Files.writeString(backup.resolve("dump.rdb.sha256"), "0".repeat(64) + "  dump.rdb\n");

        CliRun restore = new CliRun(CliContext.standard());
        int code = restore.run("backup", "restore", "broken-1", "--engine", "redis-sentinel", "--replicas", "1", "--sentinels", "1",
                "--dir", tmp.resolve("restored").toString(), "--backup-dir", backups.toString(), "--exit-after", "5");

        assertThat(code).isEqualTo(1);
        assertThat(restore.err()).contains("backup broken-1 is corrupted").contains("0".repeat(64));
        assertThat(tmp.resolve("restored/playground-redis-0/dump.rdb")).doesNotExist();
        processes.record(tmp.resolve("restored"));
        assertThat(processes.all()).allSatisfy(p -> assertThat(p.handle().filter(ProcessHandle::isAlive)).as(p.name()).isEmpty());
    }

    private static int freeBase() {
        return io.managedkvs.cli.testing.TestPorts.freeBase(4);
    }

    private static int readWritePort(Matcher m) {
        return Integer.parseInt(m.group(1));
    }

    private static Jedis connect(int port) {
        return new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder().password(PASSWORD).build());
    }

    private static Map<String, String> write(int port, String prefix, int count) {
        Map<String, String> written = new LinkedHashMap<>();
        try (Jedis jedis = connect(port)) {
            for (int i = 0; i < count; i++) {
                String key = prefix + ":" + i;
                String value = prefix + "-value-" + i;
                jedis.set(key, value);
                written.put(key, value);
            }
        }
        return written;
    }
}
