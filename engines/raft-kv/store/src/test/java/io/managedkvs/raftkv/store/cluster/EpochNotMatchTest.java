package io.managedkvs.raftkv.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.managedkvs.raftkv.proto.kv.GetResponse;
import io.managedkvs.raftkv.proto.kv.PutResponse;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.store.raftstore.RaftStoreConfig;
import io.managedkvs.raftkv.store.raftstore.RegionPeer;
import io.managedkvs.raftkv.store.server.StoreNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request made with a region's epoch from before a split is refused with EpochNotMatch listing
 * the regions that now cover the old range (both halves, or more after more splits), so a client
 * can route every key of it without asking PD; the refused write changes nothing.
 */
class EpochNotMatchTest {

    @TempDir
    Path tmp;

    @Test
    void aStaleEpochGetsEveryRegionNowCoveringTheOldRange() throws Exception {
        RaftStoreConfig config = RaftStoreConfig.defaults().withSplit(1L << 30, 100, Duration.ofMillis(200));
        try (PdStoreCluster cluster = new PdStoreCluster(tmp, 3, config);
             RoutingClient client = new RoutingClient(cluster.pdAddress);
             KvCalls calls = new KvCalls()) {
            // PD allocates the first region's id: take it from whichever store leads it.
            await().atMost(Duration.ofSeconds(30)).until(() -> firstRegionId(cluster) != 0);
            long id = firstRegionId(cluster);
            Region beforeSplit = leaderOf(cluster, id).raftStore().region(id).region();
            assertThat(beforeSplit.getStartKey().isEmpty() && beforeSplit.getEndKey().isEmpty()).isTrue();
            for (int i = 0; i < 300; i++) {
                assertThat(client.put(String.format("key%04d", i), "v" + i, Duration.ofSeconds(10))).isTrue();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                StoreNode leader = leaderOf(cluster, id);
                return leader != null && leader.raftStore().region(id).region().getEpoch().getVersion() > beforeSplit.getEpoch().getVersion()
                        && leader.raftStore().regions().size() >= 2;
            });

            StoreNode leader = leaderOf(cluster, id);
            PutResponse refused = calls.put(leader.address(), beforeSplit, "key0000", "stale");
            assertThat(refused.hasRegionError()).isTrue();
            List<Region> current = refused.getRegionError().getEpochNotMatch().getCurrentRegionsList();
            assertThat(current.get(0).getId()).isEqualTo(id);
            assertThat(current.get(0).getEpoch().getVersion()).isGreaterThan(beforeSplit.getEpoch().getVersion());
            assertThat(current).hasSizeGreaterThanOrEqualTo(2);
            // Contiguous from region 1's start to the end of the key space: the old range, all of it.
            assertThat(current.get(0).getStartKey()).isEqualTo(ByteString.EMPTY);
            for (int i = 1; i < current.size(); i++) {
                assertThat(current.get(i).getStartKey()).isEqualTo(current.get(i - 1).getEndKey());
                assertThat(current.get(i).getEpoch().getVersion()).isGreaterThan(beforeSplit.getEpoch().getVersion());
            }
            assertThat(current.get(current.size() - 1).getEndKey()).isEqualTo(ByteString.EMPTY);

            GetResponse unchanged = calls.get(leader.address(), current.get(0), "key0000");
            assertThat(unchanged.getValue().toStringUtf8()).isEqualTo("v0");
        }
    }

    /** The id of the region a store leads, once one does (before any split there is one region). */
    private static long firstRegionId(PdStoreCluster cluster) {
        for (StoreNode n : cluster.stores) {
            if (n != null && !n.raftStore().leaders().isEmpty()) {
                return n.raftStore().leaders().get(0).regionId();
            }
        }
        return 0;
    }

    private static StoreNode leaderOf(PdStoreCluster cluster, long regionId) {
        for (StoreNode n : cluster.stores) {
            RegionPeer p = n == null ? null : n.raftStore().region(regionId);
            if (p != null && p.isLeader()) {
                return n;
            }
        }
        return null;
    }
}
