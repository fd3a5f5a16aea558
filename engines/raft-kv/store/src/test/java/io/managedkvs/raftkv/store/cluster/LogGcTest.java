package io.managedkvs.raftkv.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.store.raftstore.LogGcConfig;
import io.managedkvs.raftkv.store.raftstore.RaftStoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log GC follows what every replica holds: a follower that was down catches up from the log the
 * leader kept for it, or from a snapshot once the log passed its size cap (RocksDB, real gRPC).
 */
class LogGcTest {

    @TempDir
    Path tmp;

    private static final String VALUE = "v".repeat(1024);

    private static LocalStores.Node other(LocalStores cluster, LocalStores.Node leader) {
        return cluster.nodes.stream().filter(n -> n != leader).findFirst().orElseThrow();
    }

    /** Writes keys {@code from..to}, retrying at whichever store leads (elections happen on a busy machine). */
    private static void write(KvCalls kv, LocalStores cluster, Region region, int from, int to) {
        for (int i = from; i < to; i++) {
            int key = i;
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).ignoreExceptions().until(() -> {
                LocalStores.Node leader = cluster.leader(1);
                return leader != null && !kv.put(leader.address, region, "key" + key, VALUE + key).hasRegionError();
            });
        }
    }

    private static void assertAllStored(LocalStores.Node n, int count) {
        for (int i = 0; i < count; i++) {
            assertThat(RaftStoreSnapshotTest.stored(n, "key" + i)).as("key%d on store %d", i, n.storeId).isEqualTo(VALUE + i);
        }
    }

    @Test
    void everyReplicaCompactsWhatAllHoldAndAFollowerThatWasDownCatchesUpFromTheLogKeptForIt() throws Exception {
        RaftStoreConfig cfg = RaftStoreConfig.defaults().withLogGc(new LogGcConfig(10, 1_000, 4L << 20));
        try (LocalStores cluster = new LocalStores(tmp, cfg, 3, true); KvCalls kv = new KvCalls()) {
            Region region = cluster.bootstrap(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.leader(1) != null);
            LocalStores.Node leader = cluster.leader(1);
            write(kv, cluster, region, 0, 100);
            List<LocalStores.Node> all = List.copyOf(cluster.nodes);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(all)
                    .allSatisfy(n -> assertThat(n.store.metrics().logCompactions.count()).isPositive()));

            LocalStores.Node lagging = other(cluster, leader);
            lagging.stop();
            write(kv, cluster, region, 100, 400);
            lagging.start();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(RaftStoreSnapshotTest.stored(lagging, "key399"))
                    .isEqualTo(VALUE + 399));
            assertThat(all).allSatisfy(n -> assertThat(n.store.metrics().snapshotsSent.count()).isZero());
            assertThat(lagging.store.metrics().snapshotsApplied.count()).isZero();
            assertAllStored(lagging, 400);
            double before = lagging.store.metrics().logCompactions.count();
            write(kv, cluster, region, 400, 430);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(lagging.store.metrics().logCompactions.count()).isGreaterThan(before));
        }
    }

    @Test
    void aFollowerBehindALogThatPassedItsSizeCapCatchesUpFromASnapshot() throws Exception {
        RaftStoreConfig cfg = RaftStoreConfig.defaults().withLogGc(new LogGcConfig(10, 1_000, 128L << 10));
        try (LocalStores cluster = new LocalStores(tmp, cfg, 3, true); KvCalls kv = new KvCalls()) {
            Region region = cluster.bootstrap(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.leader(1) != null);
            LocalStores.Node leader = cluster.leader(1);
            write(kv, cluster, region, 0, 20);
            LocalStores.Node lagging = other(cluster, leader);
            lagging.stop();
            write(kv, cluster, region, 20, 400);
            lagging.start();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(RaftStoreSnapshotTest.stored(lagging, "key399"))
                    .isEqualTo(VALUE + 399));
            assertThat(lagging.store.metrics().snapshotsApplied.count()).isPositive();
            assertAllStored(lagging, 400);
        }
    }
}
