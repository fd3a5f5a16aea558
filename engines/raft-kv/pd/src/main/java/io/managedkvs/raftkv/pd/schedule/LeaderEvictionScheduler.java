package io.managedkvs.raftkv.pd.schedule;

import io.managedkvs.raftkv.pd.schedule.ClusterSnapshot.RegionView;
import io.managedkvs.raftkv.pd.schedule.ClusterSnapshot.StoreView;
import io.managedkvs.raftkv.proto.meta.Peer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Moves leaders off stores whose leaders are evicted (before a restart), to the voter with the
 * fewest leaders among those not catching up; with none such, the leader stays for now.
 */
public final class LeaderEvictionScheduler implements Scheduler {

    @Override
    public String name() {
        return "evict-leader";
    }

    @Override
    public List<Operator> schedule(ClusterSnapshot cluster) {
        Map<Long, StoreView> stores = cluster.storesById();
        Map<Long, Integer> leaders = cluster.leaderCounts();
        List<Operator> ops = new ArrayList<>();
        for (RegionView r : cluster.regions()) {
            if (cluster.busy(r.id()) || r.leader() == null) {
                continue;
            }
            StoreView from = stores.get(r.leader().getStoreId());
            if (from == null || !from.leaderEvicted()) {
                continue;
            }
            Optional<Peer> to = r.leaderCandidates(stores).stream()
                    .min(Comparator.comparingInt(p -> leaders.getOrDefault(p.getStoreId(), 0)));
            if (to.isPresent()) {
                leaders.merge(to.get().getStoreId(), 1, Integer::sum);
                leaders.merge(from.id(), -1, Integer::sum);
                ops.add(new Operator(r.id(), name(), "leaders are evicted from store " + from.id(),
                        List.of(new Step.TransferLeader(to.get().getStoreId()))));
            }
        }
        return ops;
    }

    static boolean canLead(StoreView s) {
        return s != null && s.usable() && !s.leaderEvicted();
    }
}
