package io.managedkvs.raftkv.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.managedkvs.raftkv.proto.kv.GetResponse;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.store.engine.ColumnFamily;
import io.managedkvs.raftkv.store.raftstore.Codec;
import io.managedkvs.raftkv.store.raftstore.ExpiryPurgeConfig;
import io.managedkvs.raftkv.store.raftstore.Keys;
import io.managedkvs.raftkv.store.raftstore.RaftStoreConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expired keys leave RocksDB on every replica, through the leader's PurgeExpired commands, also when
 * the leader changes while it purges; keys without expiry, keys Put again with a longer TTL and every
 * acknowledged live write stay (three stores on RocksDB, real gRPC).
 */
class ExpiryPurgeTest {

    @TempDir
    Path tmp;

    private static final long SHORT_TTL_MS = 1_000;
    private static final long LONG_TTL_MS = 3_600_000;
    /** Small pages and passes, one command in flight: the purge of a few hundred keys takes many commands and passes. */
    private static final RaftStoreConfig CONFIG = RaftStoreConfig.defaults()
            .withExpiryPurge(new ExpiryPurgeConfig(true, Duration.ofMillis(100), 4, 16, 1));

    /** Puts at whichever store leads, retrying until one accepts it (elections happen on a busy machine). */
    private static void put(KvCalls kv, LocalStores cluster, Region region, String key, String value, long ttlMs) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).ignoreExceptions().until(() -> {
            LocalStores.Node leader = cluster.leader(1);
            return leader != null && !kv.put(leader.address, region, key, value, ttlMs).hasRegionError();
        });
    }

    private static byte[] raw(LocalStores.Node n, String key) {
        return n.engine.get(ColumnFamily.DATA, Keys.dataKey(key.getBytes(StandardCharsets.UTF_8)));
    }

    /** The keys with {@code prefix} in the store's RocksDB, read past the read path (which hides expired values). */
    private static List<String> rawKeys(LocalStores.Node n, String prefix) {
        List<String> out = new ArrayList<>();
        byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] end = start.clone();
        end[end.length - 1]++;
        n.engine.scan(ColumnFamily.DATA, Keys.dataKey(start), Keys.dataKey(end), (k, v) -> {
            out.add(new String(Keys.userKey(k), StandardCharsets.UTF_8));
            return true;
        });
        return out;
    }

    @Test
    void expiredKeysArePurgedOnEveryReplicaAcrossALeaderChangeAndNothingElseIsLost() throws Exception {
        try (LocalStores cluster = new LocalStores(tmp, CONFIG, 3, true); KvCalls kv = new KvCalls()) {
            Region region = cluster.bootstrap(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.leader(1) != null);
            for (int i = 0; i < 20; i++) {
                put(kv, cluster, region, "keep" + i, "kept" + i, 0);
                put(kv, cluster, region, "renew" + i, "short" + i, SHORT_TTL_MS);
                put(kv, cluster, region, "renew" + i, "renewed" + i, LONG_TTL_MS);
            }
            for (int i = 0; i < 200; i++) {
                put(kv, cluster, region, "exp" + String.format("%03d", i), "gone" + i, SHORT_TTL_MS);
            }

            // The leader changes once it has started purging.
            LocalStores.Node first = cluster.leader(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> first.store.metrics().expiredKeysPurged.count() > 0);
            first.stop();
            await().atMost(Duration.ofSeconds(15)).until(() -> cluster.leader(1) != null);
            for (int i = 0; i < 50; i++) {
                put(kv, cluster, region, "live" + i, "live" + i, 0);
                put(kv, cluster, region, "exp" + (200 + i), "gone", SHORT_TTL_MS);
            }
            first.start();

            for (LocalStores.Node n : cluster.nodes) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(rawKeys(n, "exp")).as("expired keys in RocksDB of store %d", n.storeId).isEmpty());
            }
            for (LocalStores.Node n : cluster.nodes) {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(rawKeys(n, "live")).as("live keys on store %d", n.storeId).hasSize(50));
                for (int i = 0; i < 20; i++) {
                    assertThat(Codec.userValue(raw(n, "keep" + i))).asString().isEqualTo("kept" + i);
                    byte[] renewed = raw(n, "renew" + i);
                    assertThat(Codec.userValue(renewed)).asString().isEqualTo("renewed" + i);
                    assertThat(Codec.expireAt(renewed)).isGreaterThan(System.currentTimeMillis());
                }
                for (int i = 0; i < 50; i++) {
                    assertThat(Codec.userValue(raw(n, "live" + i))).asString().isEqualTo("live" + i);
                }
            }
            assertThat(cluster.nodes).anySatisfy(n -> assertThat(n.store.metrics().expiredKeysPurged.count()).isPositive());
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().untilAsserted(() -> {
                GetResponse renewed = kv.get(cluster.leader(1).address, region, "renew7");
                assertThat(renewed.getValue().toStringUtf8()).isEqualTo("renewed7");
                assertThat(renewed.getTtlMs()).isGreaterThan(SHORT_TTL_MS);
                assertThat(kv.get(cluster.leader(1).address, region, "exp007").getFound()).isFalse();
            });
        }
    }
}
