package io.managedkvs.redis.backup;

import static io.managedkvs.redis.local.ClusterFixture.connect;
import static io.managedkvs.redis.local.ClusterFixture.settle;
import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.api.backup.BackupReport;
import io.managedkvs.backup.BackupStore;
import io.managedkvs.backup.Checksums;
import io.managedkvs.backup.DirectoryBackupStore;
import io.managedkvs.backup.S3BackupStore;
import io.managedkvs.backup.testing.LocalS3Server;
import io.managedkvs.redis.actuator.RedisClients;
import io.managedkvs.redis.config.SentinelSettings;
import io.managedkvs.redis.local.ClusterFixture;
import io.managedkvs.redis.local.LocalClusters;
import io.managedkvs.redis.local.LocalRedisCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.SocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * Real redis-server and redis-sentinel processes: a backup read from a replica while the primary
 * takes writes, stored in a directory and in an S3-compatible bucket, restored into a new instance
 * with every key it held; a corrupted backup refused by its checksum.
 */
class BackupRestoreIT {

    private static final String PASSWORD = "backup-secret";
    private static LocalS3Server s3;

    @RegisterExtension
    final LocalClusters clusters = new LocalClusters();

    @BeforeAll
    static void startS3() {
        s3 = LocalS3Server.start("backups");
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void aBackupFromAReplicaRestoresEveryKeyIntoANewInstance() throws Exception {
        LocalRedisCluster source = clusters.start("src", PASSWORD);
        settle(source, Duration.ofSeconds(60));
        Map<String, String> before = write(source, "src-redis-0", "before", 2000);
        awaitReplicas(source, "src-redis-0");
        RedisBackup backup = new RedisBackup(RedisClients.withPassword(PASSWORD), SocketFactory.getDefault());

        try (BackupStore directory = new DirectoryBackupStore(clusters.dir().resolve("backups"));
             BackupStore bucket = new S3BackupStore(s3.location("backups", "apps/"))) {
            BackupReport toDirectory = backup.take(source.topology().redis(), directory, "src-1", clusters.dir().resolve("spool"));
            BackupReport toBucket = backup.take(source.topology().redis(), bucket, "src-1", clusters.dir().resolve("spool"));
            write(source, "src-redis-0", "after", 100);

            for (BackupReport report : new BackupReport[] {toDirectory, toBucket}) {
                assertThat(report.succeeded()).as(report.message()).isTrue();
                assertThat(report.source()).as("read from a replica").isNotEqualTo("src-redis-0").startsWith("src-redis-");
                assertThat(report.sizeBytes()).isPositive();
            }
            assertThat(toBucket.location()).isEqualTo("s3://backups/apps/src-1/");

            LocalRedisCluster restored = restoreInto("fromdir", directory, "src-1");
            assertHolds(restored, "fromdir-redis-0", before);
            LocalRedisCluster fromBucket = restoreInto("froms3", bucket, "src-1");
            assertHolds(fromBucket, "froms3-redis-0", before);
        }
    }

    @Test
    void aCorruptedBackupIsRefusedByItsChecksumAndNothingIsLoaded() throws Exception {
        LocalRedisCluster source = clusters.start(small("one"));
        settle(source, Duration.ofSeconds(60));
        write(source, "one-redis-0", "k", 50);
        awaitReplicas(source, "one-redis-0");
        Path store = clusters.dir().resolve("backups");
        BackupReport taken = new RedisBackup(RedisClients.withPassword(PASSWORD), SocketFactory.getDefault())
                .take(source.topology().redis(), new DirectoryBackupStore(store), "one-1", clusters.dir().resolve("spool"));
        assertThat(taken.succeeded()).as(taken.message()).isTrue();
        Path rdb = store.resolve("one-1").resolve(RedisBackup.RDB_FILE);
        byte[] bytes = Files.readAllBytes(rdb);
        bytes[bytes.length / 2] ^= 0x20;
        Files.write(rdb, bytes);

        Path dataDir = clusters.dir().resolve("fresh-member");
        BackupReport report = RedisRestore.restore(new DirectoryBackupStore(store), "one-1", dataDir);

        assertThat(report.succeeded()).isFalse();
        assertThat(report.message()).contains("backup one-1 is corrupted").contains(taken.sha256()).contains(Checksums.of(rdb));
        assertThat(dataDir.resolve(RedisBackup.RDB_FILE)).doesNotExist();
        assertThat(dataDir.resolve(RedisRestore.MARKER)).doesNotExist();
    }

    /** Two members and one Sentinel: enough for a replica to read from, and quick to start. */
    private LocalRedisCluster.Builder small(String name) {
        return ClusterFixture.cluster(name, clusters.dir(), PASSWORD).redisMembers(2).sentinels(1)
                .sentinelSettings(new SentinelSettings(1, 1, 1000, 3000, 1));
    }

    private LocalRedisCluster restoreInto(String name, BackupStore store, String backup) {
        LocalRedisCluster cluster = small(name).build();
        for (String member : cluster.redisMembers()) {
            BackupReport report = RedisRestore.restore(store, backup, cluster.dataDir(member));
            assertThat(report.succeeded()).as(report.message()).isTrue();
        }
        clusters.start(cluster);
        settle(cluster, Duration.ofSeconds(60));
        return cluster;
    }

    private static Map<String, String> write(LocalRedisCluster cluster, String primary, String prefix, int count) {
        Map<String, String> written = new LinkedHashMap<>();
        try (Jedis jedis = connect(cluster, primary, PASSWORD)) {
            for (int i = 0; i < count; i++) {
                written.put(prefix + ":" + i, "value-" + i + "-" + prefix.hashCode());
            }
            written.forEach(jedis::set);
        }
        return written;
    }

    private static void awaitReplicas(LocalRedisCluster cluster, String primary) {
        try (Jedis jedis = connect(cluster, primary, PASSWORD)) {
            int replicas = cluster.redisMembers().size() - 1;
            assertThat(jedis.waitReplicas(replicas, 10_000)).isEqualTo(replicas);
        }
    }

    private static void assertHolds(LocalRedisCluster cluster, String primary, Map<String, String> expected) {
        try (Jedis jedis = connect(cluster, primary, PASSWORD)) {
            for (Map.Entry<String, String> e : expected.entrySet()) {
                assertThat(jedis.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
            assertThat(jedis.dbSize()).as("only what the backup held").isEqualTo(expected.size());
        }
    }
}
