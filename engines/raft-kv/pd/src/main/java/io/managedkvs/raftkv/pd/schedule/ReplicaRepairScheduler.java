package io.managedkvs.raftkv.pd.schedule;

import io.managedkvs.raftkv.pd.schedule.ClusterSnapshot.RegionView;
import io.managedkvs.raftkv.pd.schedule.ClusterSnapshot.StoreView;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.PeerRole;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gives regions back the replicas they lost: a replica on a down store is replaced by one on a
 * healthy store (a learner that catches up, is promoted, and only then the lost one is removed);
 * a region with fewer voters than the replication factor gets one more. Regions with the fewest
 * healthy voters come first, as they are closest to losing their majority.
 */
public final class ReplicaRepairScheduler implements Scheduler {

    @Override
    public String name() {
        return "replica-repair";
    }

    @Override
    public List<Operator> schedule(ClusterSnapshot cluster) {
        Map<Long, StoreView> stores = cluster.storesById();
        Map<Long, Integer> counts = cluster.replicaCounts();
        List<RegionView> candidates = new ArrayList<>();
        for (RegionView r : cluster.regions()) {
            if (!cluster.busy(r.id()) && r.leader() != null && needsRepair(r, stores, cluster.replicationFactor())) {
                candidates.add(r);
            }
        }
        List<Operator> ops = new ArrayList<>(surplus(cluster, stores, counts));
        candidates.sort(Comparator.comparingInt((RegionView r) -> healthyVoters(r, stores)).thenComparingLong(RegionView::id));
        for (RegionView r : candidates) {
            int healthy = healthyVoters(r, stores);
            Peer lost = r.region().getPeersList().stream().filter(p -> isDown(stores, p.getStoreId())).findFirst().orElse(null);
            if (healthy >= cluster.replicationFactor()) {
                // Enough healthy voters already: the lost replica only has to go.
                ops.add(new Operator(r.id(), name(), "replica on down store " + lost.getStoreId() + " is surplus",
                        List.of(new Step.RemovePeer(lost.getStoreId()))));
                continue;
            }
            Set<Long> staying = lost == null ? Placement.staying(r, 0) : Placement.staying(r, lost.getStoreId());
            staying.removeIf(id -> isDown(stores, id));
            Optional<StoreView> target = Placement.target(cluster, r, staying, counts);
            if (target.isEmpty()) {
                continue;
            }
            counts.merge(target.get().id(), 1, Integer::sum);
            String why = healthy + " of " + cluster.replicationFactor() + " voters healthy";
            ops.add(lost == null
                    ? Operator.addReplica(r.id(), name(), why, target.get().id())
                    : Operator.moveReplica(r.id(), name(), why + ", store " + lost.getStoreId() + " is down", lost.getStoreId(), target.get().id()));
        }
        return ops;
    }

    /**
     * Regions left with a replica too many by a cancelled operator: a stray learner, or more voters
     * than the replication factor. The stray learner goes, else the voter on the fullest store.
     */
    private List<Operator> surplus(ClusterSnapshot cluster, Map<Long, StoreView> stores, Map<Long, Integer> counts) {
        List<Operator> ops = new ArrayList<>();
        for (RegionView r : cluster.regions()) {
            if (cluster.busy(r.id()) || r.leader() == null || needsRepair(r, stores, cluster.replicationFactor())) {
                continue;
            }
            Peer extra = r.region().getPeersList().stream().filter(p -> p.getRole() == PeerRole.LEARNER).findFirst()
                    .orElse(r.voters().size() > cluster.replicationFactor()
                            ? r.voters().stream().filter(p -> p.getStoreId() != r.leader().getStoreId())
                                    .max(Comparator.comparingInt((Peer p) -> counts.getOrDefault(p.getStoreId(), 0))).orElse(null)
                            : null);
            // A surplus voter waits while another replica catches up; a stray learner never counted.
            if (extra != null && (extra.getRole() == PeerRole.LEARNER || !r.pendingBesides(extra.getStoreId()))) {
                ops.add(new Operator(r.id(), name(), "replica on store " + extra.getStoreId() + " is beyond the replication factor",
                        List.of(new Step.RemovePeer(extra.getStoreId()))));
            }
        }
        return ops;
    }

    private static boolean needsRepair(RegionView r, Map<Long, StoreView> stores, int rf) {
        boolean lostOne = r.region().getPeersList().stream().anyMatch(p -> isDown(stores, p.getStoreId()));
        return lostOne || r.voters().size() < rf;
    }

    static int healthyVoters(RegionView r, Map<Long, StoreView> stores) {
        return (int) r.voters().stream().filter(p -> !isDown(stores, p.getStoreId())).count();
    }

    private static boolean isDown(Map<Long, StoreView> stores, long storeId) {
        StoreView s = stores.get(storeId);
        return s == null || s.down();
    }
}
