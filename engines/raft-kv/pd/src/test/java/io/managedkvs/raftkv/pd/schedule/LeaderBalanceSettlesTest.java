package io.managedkvs.raftkv.pd.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.raftkv.pd.schedule.ClusterSnapshot.RegionView;
import io.managedkvs.raftkv.pd.schedule.ClusterSnapshot.StoreView;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.PeerRole;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.meta.RegionEpoch;
import io.managedkvs.raftkv.proto.meta.StoreState;
import io.managedkvs.raftkv.proto.pd.RegionCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Leader balancing in rounds against a cluster that answers as a real one does: the leader carries
 * out a transfer as soon as its heartbeat's answer asks for it, but PD hears of the new leader only
 * from a heartbeat a round or two later. Once spread, leaders must stay where they are.
 */
class LeaderBalanceSettlesTest {

    private static final int ROUNDS = 40;
    private static final int SETTLED_AFTER = 15;

    @Test
    void leadersSpreadOnceAndThenStayPut() {
        for (int lag = 1; lag <= 3; lag++) {
            List<Integer> transfers = run(lag);
            assertThat(transfers.subList(SETTLED_AFTER, ROUNDS)).as("transfers per round with reports %d rounds late: %s", lag, transfers)
                    .containsOnly(0);
            assertThat(transfers.stream().mapToInt(Integer::intValue).sum())
                    .as("9 leaders on one of 3 stores need 6 moves, not more: %s", transfers).isEqualTo(6);
        }
    }

    /** Transfers carried out per round, with reports reaching PD {@code lag} rounds after the fact. */
    private static List<Integer> run(int lag) {
        List<StoreView> stores = new ArrayList<>();
        for (long s = 1; s <= 3; s++) {
            stores.add(new StoreView(s, StoreState.UP, Map.of("zone", "z" + s), false, false));
        }
        List<Region> regions = new ArrayList<>();
        Map<Long, Long> leaderNow = new HashMap<>();
        for (long id = 10; id < 19; id++) {
            Region.Builder r = Region.newBuilder().setId(id).setEpoch(RegionEpoch.newBuilder().setConfVer(1).setVersion(1));
            for (long s = 1; s <= 3; s++) {
                r.addPeers(Peer.newBuilder().setId(id * 100 + s).setStoreId(s).setRole(PeerRole.VOTER));
            }
            regions.add(r.build());
            leaderNow.put(id, 1L);
        }
        List<Map<Long, Long>> history = new ArrayList<>();
        OperatorController controller = new OperatorController(Duration.ofMinutes(1), Duration.ofMinutes(1));
        BalanceLeaderScheduler balancer = new BalanceLeaderScheduler();
        List<Integer> transfers = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            long now = round * 1_000L;
            history.add(Map.copyOf(leaderNow));
            Map<Long, Long> heard = history.get(Math.max(0, round - lag));
            int moved = 0;
            List<RegionView> views = new ArrayList<>();
            for (Region r : regions) {
                Peer leader = OperatorController.peerOn(r, heard.get(r.getId()));
                for (RegionCommand c : controller.onHeartbeat(r, leader, now)) {
                    long to = c.getTransferLeader().getPeer().getStoreId();
                    if (leaderNow.put(r.getId(), to) != to) {
                        moved++;
                    }
                }
                views.add(new RegionView(r, leader));
            }
            transfers.add(moved);
            ClusterSnapshot snapshot = new ClusterSnapshot(stores, views, 3, controller.busyRegions(), controller.leaderMoves());
            for (Operator op : balancer.schedule(snapshot)) {
                controller.admit(op, now);
            }
        }
        return transfers;
    }
}
