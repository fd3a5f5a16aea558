package io.managedkvs.raftkv.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.PeerRole;
import io.managedkvs.raftkv.proto.pd.ChangePeerType;
import io.managedkvs.raftkv.proto.pd.RegionCommand;
import io.managedkvs.raftkv.proto.pd.RegionInfo;
import io.managedkvs.raftkv.store.cluster.HeartbeatRecorder.Exchange;
import io.managedkvs.raftkv.store.raftstore.LogGcConfig;
import io.managedkvs.raftkv.store.raftstore.RaftStoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica moved to a new store starts as a learner that must catch up from a snapshot (the log
 * it would need is compacted). Its leader reports it pending to PD until it has, and PD promotes
 * it only then: a real PD and real stores (RocksDB, gRPC on loopback), with PD's side of every
 * heartbeat recorded in PD's server.
 */
class CatchingUpLearnerTest {

    @TempDir
    Path tmp;

    /** 600 of them, 2.4 MB: the snapshot the new replica needs is more than a few messages. */
    private static final String VALUE = "v".repeat(4096);

    @Test
    void aNewLearnerIsReportedPendingUntilItCaughtUpAndPromotedOnlyAfter() throws Exception {
        HeartbeatRecorder recorder = new HeartbeatRecorder();
        RaftStoreConfig cfg = RaftStoreConfig.defaults().withLogGc(new LogGcConfig(10, 200, 256L << 10));
        try (PdStoreCluster cluster = new PdStoreCluster(tmp, 3, cfg, Duration.ofMinutes(30), recorder);
             RoutingClient client = new RoutingClient(cluster.pdAddress); PdView pd = new PdView(cluster.pdAddress)) {
            Map<String, String> written = new LinkedHashMap<>();
            for (int i = 0; i < 600; i++) {
                assertThat(client.put("catchup" + i, VALUE + i, Duration.ofSeconds(30))).as("put catchup%d", i).isTrue();
                written.put("catchup" + i, VALUE + i);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> cluster.stores.stream()
                    .allMatch(s -> s.metrics().logCompactions.count() > 0));

            int added = cluster.addStore();
            long newStore = pd.storeAt(cluster.address(added));
            long leaving = pd.storeAt(cluster.address(0));
            assertThat(pd.removeStore(leaving).getHeader().hasError()).isFalse();
            await().atMost(Duration.ofSeconds(60)).until(() -> pd.fullyReplicated(3, Set.of(leaving))
                    && pd.regions().stream().allMatch(r -> PdView.storesOf(r, PeerRole.VOTER).contains(newStore)));

            RegionInfo region = pd.regions().get(0);
            Peer moved = region.getRegion().getPeersList().stream().filter(p -> p.getStoreId() == newStore).findFirst().orElseThrow();
            List<Exchange> log = recorder.of(region.getRegion().getId());
            int firstPending = indexOf(log, e -> isLearner(e, moved) && pending(e, moved));
            assertThat(firstPending).as("the leader reported the new learner pending while it caught up").isNotNegative();
            int promoted = indexOf(log, e -> promotes(e, moved));
            assertThat(promoted).as("PD promoted the learner after it was reported pending").isGreaterThan(firstPending);
            assertThat(log).as("PD never promotes a learner its leader reports pending")
                    .noneMatch(e -> promotes(e, moved) && pending(e, moved));
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.of(region.getRegion().getId()).stream()
                    .reduce((a, b) -> b).orElseThrow().heartbeat().getPendingPeersCount() == 0);
            assertThat(cluster.stores.get(added).metrics().snapshotsApplied.count()).as("it caught up from a snapshot").isPositive();

            // The new replica is needed for a quorum now: every acknowledged write reads back through it.
            cluster.stop(1);
            written.putAll(PdRepairIT.write(client, "after", 20));
            PdRepairIT.assertReadBack(client, written);
        }
    }

    private static int indexOf(List<Exchange> log, java.util.function.Predicate<Exchange> p) {
        for (int i = 0; i < log.size(); i++) {
            if (p.test(log.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isLearner(Exchange e, Peer peer) {
        return e.heartbeat().getRegion().getPeersList().stream().anyMatch(p -> p.getId() == peer.getId() && p.getRole() == PeerRole.LEARNER);
    }

    private static boolean pending(Exchange e, Peer peer) {
        return e.heartbeat().getPendingPeersList().stream().anyMatch(p -> p.getId() == peer.getId());
    }

    private static boolean promotes(Exchange e, Peer peer) {
        for (RegionCommand c : e.commands()) {
            if (c.hasChangePeer() && c.getChangePeer().getType() == ChangePeerType.PROMOTE_LEARNER
                    && c.getChangePeer().getPeer().getId() == peer.getId()) {
                return true;
            }
        }
        return false;
    }
}
