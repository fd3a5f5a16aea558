package io.managedkvs.raftkv.pd.schedule;

import io.managedkvs.raftkv.pd.schedule.ClusterSnapshot.RegionView;
import io.managedkvs.raftkv.pd.schedule.ClusterSnapshot.StoreView;
import io.managedkvs.raftkv.proto.meta.Peer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Spreads leaders: while the store with the most leaders has at least two more than another store
 * holding a voter of one of its regions, one such leader moves there. A few per round, so that
 * balancing never crowds out repair. A voter still catching up is never picked: it could not take
 * leadership before the operator times out.
 */
public final class BalanceLeaderScheduler implements Scheduler {

    static final int PER_ROUND = 4;

    @Override
    public String name() {
        return "balance-leader";
    }

    @Override
    public List<Operator> schedule(ClusterSnapshot cluster) {
        Map<Long, StoreView> stores = cluster.storesById();
        Map<Long, Integer> leaders = cluster.leaderCounts();
        List<Operator> ops = new ArrayList<>();
        for (RegionView r : cluster.regions()) {
            if (ops.size() >= PER_ROUND) {
                break;
            }
            if (cluster.busy(r.id()) || r.leader() == null) {
                continue;
            }
            long from = r.leader().getStoreId();
            Peer best = null;
            for (Peer p : r.leaderCandidates(stores)) {
                if (p.getStoreId() != from
                        && (best == null || leaders.get(p.getStoreId()) < leaders.get(best.getStoreId()))) {
                    best = p;
                }
            }
            if (best != null && leaders.get(from) - leaders.get(best.getStoreId()) >= 2) {
                leaders.merge(from, -1, Integer::sum);
                leaders.merge(best.getStoreId(), 1, Integer::sum);
                ops.add(new Operator(r.id(), name(), "store " + from + " leads more regions than store " + best.getStoreId(),
                        List.of(new Step.TransferLeader(best.getStoreId()))));
            }
        }
        return ops;
    }
}
