package io.managedkvs.raftkv.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.pd.ChangePeer;
import io.managedkvs.raftkv.proto.pd.ChangePeerType;
import io.managedkvs.raftkv.proto.pd.RegionCommand;
import io.managedkvs.raftkv.proto.pd.TransferLeader;
import io.managedkvs.raftkv.proto.transport.RaftCommand;
import io.managedkvs.raftkv.store.raftstore.ApplyResult;
import io.managedkvs.raftkv.store.raftstore.LogGcConfig;
import io.managedkvs.raftkv.store.raftstore.PeerMsg;
import io.managedkvs.raftkv.store.raftstore.RaftStoreConfig;
import io.managedkvs.raftkv.store.raftstore.RegionPeer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store of a peer about to join (the PeerStore entry) survives a restart of every replica
 * between that entry and the membership change that adds the peer, and reaches a replica that
 * catches up from a snapshot taken between the two (RocksDB, real gRPC).
 */
class PeerStoreRestartTest {

    @TempDir
    Path tmp;

    @Test
    void aNewPeersStoreIsKnownAfterARestartBetweenItsPeerStoreEntryAndTheMembershipChange() throws Exception {
        try (LocalStores cluster = new LocalStores(tmp, RaftStoreConfig.defaults(), 4, true); KvCalls kv = new KvCalls()) {
            LocalStores.Node fourth = cluster.nodes.remove(3);
            Region region = cluster.bootstrap(1);
            List<LocalStores.Node> replicas = List.copyOf(cluster.nodes);
            cluster.nodes.add(fourth);
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.leader(1) != null);
            LocalStores.Node leader = cluster.leader(1);
            for (int i = 0; i < 20; i++) {
                assertThat(kv.put(leader.address, region, "key" + i, "value" + i).hasRegionError()).isFalse();
            }
            Peer joining = Peer.newBuilder().setId(999).setStoreId(fourth.storeId).build();
            RegionPeer leaderPeer = leader.store.region(1);
            CompletableFuture<ApplyResult> applied = new CompletableFuture<>();
            leaderPeer.offer(new PeerMsg.Propose(RaftCommand.newBuilder().setEpoch(region.getEpoch()).setPeerStore(joining).build(),
                    applied::complete));
            assertThat(applied.get(10, TimeUnit.SECONDS).error()).isNull();
            long index = leaderPeer.appliedIndex();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    replicas.stream().allMatch(n -> n.store.region(1).appliedIndex() >= index));

            for (LocalStores.Node n : replicas) {
                n.stop();
            }
            for (LocalStores.Node n : replicas) {
                n.start();
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> cluster.leader(1) != null);
            RegionPeer next = cluster.leader(1).store.region(1);
            // Promotion adds the peer without a PeerStore entry of its own: only the persisted one names its store.
            next.offer(new PeerMsg.Admin(RegionCommand.newBuilder().setRegionId(1).setRegionEpoch(next.region().getEpoch())
                    .setChangePeer(ChangePeer.newBuilder().setType(ChangePeerType.PROMOTE_LEARNER).setPeer(joining)).build()));

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                for (LocalStores.Node n : replicas) {
                    assertThat(n.store.region(1).region().getPeersList()).filteredOn(p -> p.getId() == 999)
                            .extracting(Peer::getStoreId).containsExactly(fourth.storeId);
                }
            });
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(RaftStoreSnapshotTest.stored(fourth, "key19")).isEqualTo("value19"));
        }
    }

    /** Proposes that peer {@code joining} lives on its store, at {@code leader}, and waits until it applied. */
    private static long proposePeerStore(RegionPeer leader, Region region, Peer joining) throws Exception {
        CompletableFuture<ApplyResult> applied = new CompletableFuture<>();
        leader.offer(new PeerMsg.Propose(RaftCommand.newBuilder().setEpoch(region.getEpoch()).setPeerStore(joining).build(),
                applied::complete));
        assertThat(applied.get(10, TimeUnit.SECONDS).error()).isNull();
        return leader.appliedIndex();
    }

    @Test
    void aReplicaThatInstallsASnapshotTakenBetweenThePeerStoreEntryAndTheMembershipChangeCanReachTheNewPeer() throws Exception {
        RaftStoreConfig smallLog = RaftStoreConfig.defaults().withLogGc(new LogGcConfig(5, 40, 64L << 20));
        try (LocalStores cluster = new LocalStores(tmp, smallLog, 4, true); KvCalls kv = new KvCalls()) {
            LocalStores.Node fourth = cluster.nodes.remove(3);
            Region region = cluster.bootstrap(1);
            cluster.nodes.add(fourth);
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.leader(1) != null);
            LocalStores.Node leader = cluster.leader(1);
            LocalStores.Node lagging = cluster.nodes.stream().filter(n -> n != leader && n != fourth).findFirst().orElseThrow();
            lagging.stop();

            Peer joining = Peer.newBuilder().setId(999).setStoreId(fourth.storeId).build();
            long peerStoreIndex = proposePeerStore(leader.store.region(1), region, joining);
            for (int i = 0; i < 120; i++) {
                assertThat(kv.put(leader.address, region, "key" + i, "value" + i).hasRegionError()).isFalse();
            }
            assertThat(leader.store.region(1).appliedIndex()).isGreaterThan(peerStoreIndex);
            lagging.start();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(RaftStoreSnapshotTest.stored(lagging, "key119"))
                    .isEqualTo("value119"));
            assertThat(lagging.store.metrics().snapshotsApplied.count()).as("caught up past the PeerStore entry from a snapshot")
                    .isPositive();
            // And keeps what the snapshot told it across a restart.
            lagging.stop();
            lagging.start();

            RegionPeer current = leader.store.region(1);
            current.offer(new PeerMsg.Admin(RegionCommand.newBuilder().setRegionId(1).setRegionEpoch(current.region().getEpoch())
                    .setChangePeer(ChangePeer.newBuilder().setType(ChangePeerType.PROMOTE_LEARNER).setPeer(joining)).build()));
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(lagging.store.region(1).region().getPeersList()).filteredOn(p -> p.getId() == 999)
                            .extracting(Peer::getStoreId).containsExactly(fourth.storeId));

            // Leading, the replica that learnt the new peer's store from the snapshot replicates to it.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (cluster.leader(1) == lagging) {
                    return true;
                }
                RegionPeer now = cluster.leader(1) == null ? null : cluster.leader(1).store.region(1);
                Peer to = lagging.store.region(1).region().getPeersList().stream()
                        .filter(p -> p.getStoreId() == lagging.storeId).findFirst().orElseThrow();
                if (now != null) {
                    now.offer(new PeerMsg.Admin(RegionCommand.newBuilder().setRegionId(1).setRegionEpoch(now.region().getEpoch())
                            .setTransferLeader(TransferLeader.newBuilder().setPeer(to)).build()));
                }
                return false;
            });
            Region latest = lagging.store.region(1).region();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() ->
                    !kv.put(lagging.address, latest, "after", "transfer").hasRegionError());
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(RaftStoreSnapshotTest.stored(fourth, "after")).isEqualTo("transfer"));
        }
    }
}
