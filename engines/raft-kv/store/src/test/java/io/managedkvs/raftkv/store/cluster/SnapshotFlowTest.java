package io.managedkvs.raftkv.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.transport.RaftMessage;
import io.managedkvs.raftkv.proto.transport.SnapshotChunk;
import io.managedkvs.raftkv.proto.transport.StoreTransportGrpc;
import io.managedkvs.raftkv.proto.transport.TransportDone;
import io.managedkvs.raftkv.store.metrics.StoreMetrics;
import io.managedkvs.raftkv.store.raftstore.LogGcConfig;
import io.managedkvs.raftkv.store.raftstore.RaftStoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshot flow control on RocksDB and real gRPC: a store that comes back behind the compacted logs
 * of many regions takes their snapshots no more than its receive cap at once, and a snapshot it
 * refused for lack of room is sent again by the region's leader and applied.
 */
class SnapshotFlowTest {

    @TempDir
    Path tmp;

    /** The log is compacted once it passes 20 entries, so a store that missed 30 writes needs a snapshot. */
    private static final RaftStoreConfig SMALL_LOG = RaftStoreConfig.defaults().withLogGc(new LogGcConfig(5, 20, 64L << 20));

    private static double gauge(StoreMetrics metrics, String name) {
        return metrics.registry().get(name).gauge().value();
    }

    private static String regionKey(int region) {
        return String.format("r%03d", region);
    }

    /** Writes {@code count} keys into region {@code id}, retrying at whichever store leads; returns what was acknowledged. */
    private static Map<String, String> write(KvCalls kv, LocalStores cluster, Region region, int count, String value) {
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        for (int i = 0; i < count; i++) {
            String key = regionKey((int) region.getId()) + "-" + i;
            String v = value + key;
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).ignoreExceptions().until(() -> {
                LocalStores.Node leader = cluster.leader(region.getId());
                return leader != null && !kv.put(leader.address, region, key, v).hasRegionError();
            });
            acknowledged.put(key, v);
        }
        return acknowledged;
    }

    @Test
    void aStoreBehindManyCompactedRegionsCatchesUpReceivingNoMoreThanItsCapAtOnce() throws Exception {
        int regions = 50;
        int cap = 1;
        int sendCap = 2;
        RaftStoreConfig twoOut = SMALL_LOG.withSnapshotFlow(SMALL_LOG.snapshotFlow().withMaxSending(sendCap));
        try (LocalStores cluster = new LocalStores(tmp, twoOut, 3, true); KvCalls kv = new KvCalls()) {
            List<Region> all = new ArrayList<>();
            for (int id = 1; id <= regions; id++) {
                all.add(cluster.bootstrap(id, id == 1 ? "" : regionKey(id), id == regions ? "" : regionKey(id + 1)));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> all.stream().allMatch(r -> cluster.leader(r.getId()) != null));
            LocalStores.Node lagging = cluster.nodes.get(2);
            lagging.stop();

            Map<String, String> acknowledged = new ConcurrentHashMap<>();
            ExecutorService writers = Executors.newFixedThreadPool(8);
            try {
                List<Future<Map<String, String>>> done = new ArrayList<>();
                for (Region r : all) {
                    done.add(writers.submit(() -> write(kv, cluster, r, 30, "v".repeat(4096))));
                }
                for (Future<Map<String, String>> f : done) {
                    acknowledged.putAll(f.get());
                }
            } finally {
                writers.shutdownNow();
            }

            // Two leaders' stores, each sending up to two at once, to a store that takes one at a time.
            lagging.config = twoOut.withSnapshotFlow(twoOut.snapshotFlow().withMaxReceiving(cap));
            lagging.start();
            await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(acknowledged)
                    .allSatisfy((key, value) -> assertThat(RaftStoreSnapshotTest.stored(lagging, key)).as(key).isEqualTo(value)));

            StoreMetrics metrics = lagging.store.metrics();
            // Every region's log was compacted past what the store held: each came back as a snapshot.
            assertThat(metrics.snapshotsApplied.count()).isGreaterThanOrEqualTo(regions);
            assertThat(gauge(metrics, "raftkv_store_snapshots_receiving_peak")).isBetween(1.0, (double) cap);
            await().atMost(Duration.ofSeconds(30)).until(() -> gauge(metrics, "raftkv_store_snapshots_receiving") == 0);
            for (LocalStores.Node sender : cluster.nodes.subList(0, 2)) {
                assertThat(gauge(sender.store.metrics(), "raftkv_store_snapshots_sending_peak")).isLessThanOrEqualTo((double) sendCap);
            }
            assertThat(snapshotFiles(tmp.resolve("snap-" + lagging.storeId))).isEmpty();
        }
    }

    @Test
    void aSnapshotRefusedForLackOfRoomIsSentAgainAndAppliedAndAPartialReceiveLeavesNoFile() throws Exception {
        try (LocalStores cluster = new LocalStores(tmp, SMALL_LOG, 3, true); KvCalls kv = new KvCalls()) {
            Region region = cluster.bootstrap(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.leader(1) != null);
            LocalStores.Node lagging = cluster.nodes.stream().filter(n -> n != cluster.leader(1)).findFirst().orElseThrow();
            lagging.stop();
            // 32 KiB values: the region's SST spans several 1 MiB chunks.
            Map<String, String> acknowledged = write(kv, cluster, region, 100, "x".repeat(32 << 10));

            Path snapDir = tmp.resolve("snap-" + lagging.storeId);
            ManagedChannel channel = NettyChannelBuilder.forTarget(lagging.address).usePlaintext().build();
            List<StreamObserver<SnapshotChunk>> occupying = new ArrayList<>();
            lagging.config = SMALL_LOG.withSnapshotFlow(SMALL_LOG.snapshotFlow().withMaxReceiving(1));
            // Before the store takes Raft messages (so before any leader can send it a snapshot),
            // a half-sent snapshot of an unknown region takes its only receiving slot.
            lagging.beforeStoreStart = () -> {
                StreamObserver<SnapshotChunk> out = StoreTransportGrpc.newStub(channel).snapshot(new Ignore());
                out.onNext(SnapshotChunk.newBuilder().setMessage(RaftMessage.newBuilder().setRegionId(999)).build());
                out.onNext(SnapshotChunk.newBuilder().setData(ByteString.copyFrom(new byte[4096])).build());
                occupying.add(out);
                await().atMost(Duration.ofSeconds(10)).until(() -> snapshotFiles(snapDir).stream()
                        .anyMatch(f -> f.getFileName().toString().startsWith("recv-999-")));
            };
            try {
                lagging.start();
                StoreMetrics metrics = lagging.store.metrics();
                assertThat(gauge(metrics, "raftkv_store_snapshots_receiving")).isEqualTo(1.0);
                await().atMost(Duration.ofSeconds(30)).until(() -> metrics.snapshotsRefused.count() >= 1);
                LocalStores.Node leader = cluster.leader(1);
                assertThat(leader).isNotNull();
                assertThat(RaftStoreSnapshotTest.stored(lagging, "r001-99")).isNull();

                occupying.get(0).onError(new IllegalStateException("the test gives the slot back"));
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(snapshotFiles(snapDir))
                        .noneMatch(f -> f.getFileName().toString().startsWith("recv-999-")));
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(acknowledged)
                        .allSatisfy((key, value) -> assertThat(RaftStoreSnapshotTest.stored(lagging, key)).as(key).isEqualTo(value)));
                assertThat(metrics.snapshotsApplied.count()).isPositive();
                assertThat(cluster.nodes.stream().mapToDouble(n -> n.store.metrics().snapshotsRetried.count()).sum()).isPositive();
                assertThat(gauge(metrics, "raftkv_store_snapshots_receiving_peak")).isEqualTo(1.0);
                assertThat(lagging.store.region(999)).isNull();
            } finally {
                channel.shutdownNow();
            }
        }
    }

    private static List<Path> snapshotFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("recv-")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answer of the occupying call: refused or cancelled, nothing to check. */
    private static final class Ignore implements StreamObserver<TransportDone> {
        @Override
        public void onNext(TransportDone value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
