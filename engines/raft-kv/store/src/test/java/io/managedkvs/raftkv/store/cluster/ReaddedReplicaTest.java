package io.managedkvs.raftkv.store.cluster;

import static io.managedkvs.raftkv.store.cluster.RaftStoreSnapshotTest.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.PeerRole;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.pd.ChangePeer;
import io.managedkvs.raftkv.proto.pd.ChangePeerType;
import io.managedkvs.raftkv.proto.pd.RegionCommand;
import io.managedkvs.raftkv.store.raftstore.PeerMsg;
import io.managedkvs.raftkv.store.raftstore.RaftStoreConfig;
import io.managedkvs.raftkv.store.raftstore.RegionPeer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that gave its replica of a region away gets a new one later, as PD does when that store
 * is the best place left after another store is lost. Its tombstone for the region must not keep
 * the new replica out: otherwise the leader counts a learner that never exists, and once PD
 * promotes it the region has four voters of which two never answer, and takes no write again.
 */
class ReaddedReplicaTest {

    @TempDir
    Path tmp;

    private static void change(RegionPeer leader, ChangePeerType type, Peer peer) {
        leader.offer(new PeerMsg.Admin(RegionCommand.newBuilder().setRegionId(1).setRegionEpoch(leader.region().getEpoch())
                .setChangePeer(ChangePeer.newBuilder().setType(type).setPeer(peer)).build()));
    }

    @Test
    void aStoreWhoseReplicaWasRemovedTakesANewReplicaOfTheSameRegionAfterARestart() throws Exception {
        try (LocalStores cluster = new LocalStores(tmp, RaftStoreConfig.defaults(), 3); KvCalls kv = new KvCalls()) {
            Region region = cluster.bootstrap(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.leader(1) != null);
            LocalStores.Node leader = cluster.leader(1);
            RegionPeer leaderPeer = leader.store.region(1);
            assertThat(kv.put(leader.address, region, "before", "removal").hasRegionError()).isFalse();

            LocalStores.Node other = cluster.nodes.stream().filter(n -> n != leader).findFirst().orElseThrow();
            long oldPeer = other.store.region(1).peerId();
            change(leaderPeer, ChangePeerType.REMOVE_PEER, Peer.newBuilder().setId(oldPeer).setStoreId(other.storeId).build());
            await().atMost(Duration.ofSeconds(15)).until(() -> other.store.region(1) == null);
            // The tombstone is read back from disk, as after any restart.
            other.stop();
            other.start();
            assertThat(kv.put(leader.address, leaderPeer.region(), "while", "away").hasRegionError()).isFalse();

            Peer fresh = Peer.newBuilder().setId(oldPeer + 1000).setStoreId(other.storeId).setRole(PeerRole.LEARNER).build();
            change(leaderPeer, ChangePeerType.ADD_LEARNER, fresh);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(stored(other, "while")).isEqualTo("away"));
            change(leaderPeer, ChangePeerType.PROMOTE_LEARNER, fresh);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(leaderPeer.region().getPeersList())
                    .contains(fresh.toBuilder().setRole(PeerRole.VOTER).build()));
            assertThat(other.store.region(1).peerId()).isEqualTo(fresh.getId());
            assertThat(stored(other, "before")).isEqualTo("removal");
            assertThat(kv.put(leader.address, leaderPeer.region(), "after", "return").hasRegionError()).isFalse();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(stored(other, "after")).isEqualTo("return"));
        }
    }
}
