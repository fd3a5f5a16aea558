package io.managedkvs.raftkv.pd.schedule;

import io.managedkvs.raftkv.pd.schedule.ClusterSnapshot.RegionView;
import io.managedkvs.raftkv.pd.schedule.ClusterSnapshot.StoreView;
import io.managedkvs.raftkv.proto.meta.Peer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Spreads replicas: while the fullest usable store holds at least two more replicas than the
 * emptiest, one replica moves from the former to the latter (a new store thus fills up), never
 * into a zone another replica of the region already uses unless the moving one came from it, and
 * never out of a region another replica of which is still catching up.
 */
public final class BalanceRegionScheduler implements Scheduler {

    static final int PER_ROUND = 2;

    @Override
    public String name() {
        return "balance-region";
    }

    @Override
    public List<Operator> schedule(ClusterSnapshot cluster) {
        Map<Long, StoreView> stores = cluster.storesById();
        Map<Long, Integer> counts = cluster.replicaCounts();
        List<StoreView> usable = cluster.stores().stream().filter(StoreView::usable).toList();
        List<Operator> ops = new ArrayList<>();
        while (ops.size() < PER_ROUND && usable.size() > 1) {
            StoreView full = usable.stream().max(Comparator.comparingInt((StoreView s) -> counts.get(s.id())).thenComparingLong(StoreView::id)).get();
            StoreView empty = usable.stream().min(Comparator.comparingInt((StoreView s) -> counts.get(s.id())).thenComparingLong(StoreView::id)).get();
            if (counts.get(full.id()) - counts.get(empty.id()) < 2) {
                break;
            }
            RegionView pick = null;
            for (RegionView r : cluster.regions()) {
                boolean planned = ops.stream().anyMatch(o -> o.regionId() == r.id());
                if (!planned && !cluster.busy(r.id()) && r.leader() != null && r.peerOn(full.id()) != null
                        && !r.pendingBesides(full.id()) && r.peerOn(empty.id()) == null && keepsZonesApart(r, full, empty, stores)) {
                    pick = r;
                    break;
                }
            }
            if (pick == null) {
                break;
            }
            counts.merge(full.id(), -1, Integer::sum);
            counts.merge(empty.id(), 1, Integer::sum);
            ops.add(Operator.moveReplica(pick.id(), name(), "store " + full.id() + " holds more replicas than store " + empty.id(),
                    full.id(), empty.id()));
        }
        return ops;
    }

    private static boolean keepsZonesApart(RegionView r, StoreView from, StoreView to, Map<Long, StoreView> stores) {
        String target = Placement.zone(to);
        if (target.equals(Placement.zone(from))) {
            return true;
        }
        for (Peer p : r.region().getPeersList()) {
            StoreView s = stores.get(p.getStoreId());
            if (p.getStoreId() != from.id() && s != null && Objects.equals(Placement.zone(s), target)) {
                return false;
            }
        }
        return true;
    }
}
