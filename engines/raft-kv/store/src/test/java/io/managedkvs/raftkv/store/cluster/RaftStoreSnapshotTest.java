package io.managedkvs.raftkv.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.PeerRole;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.pd.ChangePeer;
import io.managedkvs.raftkv.proto.pd.ChangePeerType;
import io.managedkvs.raftkv.proto.pd.RegionCommand;
import io.managedkvs.raftkv.store.engine.ColumnFamily;
import io.managedkvs.raftkv.store.raftstore.Codec;
import io.managedkvs.raftkv.store.raftstore.Keys;
import io.managedkvs.raftkv.store.raftstore.LogGcConfig;
import io.managedkvs.raftkv.store.raftstore.PeerMsg;
import io.managedkvs.raftkv.store.raftstore.RaftStoreConfig;
import io.managedkvs.raftkv.store.raftstore.RegionPeer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Region snapshots as SST files: a follower behind the compacted log, and a new replica, catch up through them. */
class RaftStoreSnapshotTest {

    @TempDir
    Path tmp;

    private static final RaftStoreConfig SMALL_LOG = RaftStoreConfig.defaults().withLogGc(new LogGcConfig(5, 40, 64L << 20));

    static String stored(LocalStores.Node n, String key) {
        byte[] v = n.engine.get(ColumnFamily.DATA, Keys.dataKey(key.getBytes(StandardCharsets.UTF_8)));
        return v == null ? null : new String(Codec.userValue(v), StandardCharsets.UTF_8);
    }

    @Test
    void aFollowerThatMissedACompactedLogCatchesUpFromASnapshot() throws Exception {
        try (LocalStores cluster = new LocalStores(tmp, SMALL_LOG, 3); KvCalls kv = new KvCalls()) {
            Region region = cluster.bootstrap(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.leader(1) != null);
            LocalStores.Node leader = cluster.leader(1);
            LocalStores.Node lagging = cluster.nodes.stream().filter(n -> n != leader).findFirst().orElseThrow();
            lagging.stop();
            for (int i = 0; i < 200; i++) {
                assertThat(kv.put(leader.address, region, "key" + i, "value" + i).hasRegionError()).isFalse();
            }
            assertThat(leader.store.metrics().logCompactions.count()).isPositive();
            lagging.start();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(stored(lagging, "key199")).isEqualTo("value199"));
            assertThat(lagging.store.metrics().snapshotsApplied.count()).isPositive();
            assertThat(stored(lagging, "key0")).isEqualTo("value0");
        }
    }

    @Test
    void aLearnerAddedOnAFourthStoreReceivesTheRegionAndARemovedPeerDeletesIt() throws Exception {
        try (LocalStores cluster = new LocalStores(tmp, SMALL_LOG, 4); KvCalls kv = new KvCalls()) {
            LocalStores.Node fourth = cluster.nodes.remove(3);
            Region region = cluster.bootstrap(1);
            cluster.nodes.add(fourth);
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.leader(1) != null);
            LocalStores.Node leader = cluster.leader(1);
            for (int i = 0; i < 100; i++) {
                kv.put(leader.address, region, "key" + i, "value" + i);
            }
            Peer learner = Peer.newBuilder().setId(999).setStoreId(fourth.storeId).setRole(PeerRole.LEARNER).build();
            RegionPeer leaderPeer = leader.store.region(1);
            leaderPeer.offer(new PeerMsg.Admin(RegionCommand.newBuilder().setRegionId(1).setRegionEpoch(leaderPeer.region().getEpoch())
                    .setChangePeer(ChangePeer.newBuilder().setType(ChangePeerType.ADD_LEARNER).setPeer(learner)).build()));
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(stored(fourth, "key99")).isEqualTo("value99"));
            assertThat(fourth.store.region(1).region().getPeersList()).extracting(Peer::getId).contains(999L);
            assertThat(leaderPeer.region().getEpoch().getConfVer()).isEqualTo(region.getEpoch().getConfVer() + 1);
            fourth.stop();
            fourth.start();
            kv.put(leader.address, leaderPeer.region(), "after", "restart");
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(stored(fourth, "after")).isEqualTo("restart"));
            assertThat(fourth.store.isRunning()).isTrue();

            LocalStores.Node victim = cluster.nodes.stream().filter(n -> n != leader && n != fourth).findFirst().orElseThrow();
            long victimPeer = victim.store.region(1).peerId();
            leaderPeer.offer(new PeerMsg.Admin(RegionCommand.newBuilder().setRegionId(1).setRegionEpoch(leaderPeer.region().getEpoch())
                    .setChangePeer(ChangePeer.newBuilder().setType(ChangePeerType.REMOVE_PEER)
                            .setPeer(Peer.newBuilder().setId(victimPeer).setStoreId(victim.storeId))).build()));
            await().atMost(Duration.ofSeconds(15)).until(() -> victim.store.region(1) == null);
            assertThat(stored(victim, "key5")).isNull();
            assertThat(kv.put(leader.address, leaderPeer.region(), "after", "removal").hasRegionError()).isFalse();
        }
    }
}
