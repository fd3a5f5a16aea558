package io.managedkvs.raftkv.pd.schedule;

import io.managedkvs.raftkv.pd.schedule.ClusterSnapshot.RegionView;
import io.managedkvs.raftkv.pd.schedule.ClusterSnapshot.StoreView;
import io.managedkvs.raftkv.proto.meta.StoreState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Empties stores being removed (OFFLINE): each of their replicas moves to a healthy store. Once a
 * store holds nothing, PD marks it TOMBSTONE (not an operator: no region changes). An OFFLINE
 * store still serves, so its replica is up to date: it waits while another replica of the region
 * catches up rather than leave the region with fewer up-to-date replicas.
 */
public final class DrainScheduler implements Scheduler {

    @Override
    public String name() {
        return "drain";
    }

    @Override
    public List<Operator> schedule(ClusterSnapshot cluster) {
        Map<Long, Integer> counts = cluster.replicaCounts();
        List<Operator> ops = new ArrayList<>();
        for (StoreView store : cluster.stores()) {
            if (store.state() != StoreState.OFFLINE) {
                continue;
            }
            for (RegionView r : cluster.regions()) {
                if (cluster.busy(r.id()) || r.leader() == null || r.peerOn(store.id()) == null || r.pendingBesides(store.id())) {
                    continue;
                }
                Optional<StoreView> target = Placement.target(cluster, r, Placement.staying(r, store.id()), counts);
                if (target.isPresent()) {
                    counts.merge(target.get().id(), 1, Integer::sum);
                    ops.add(Operator.moveReplica(r.id(), name(), "store " + store.id() + " is being removed", store.id(), target.get().id()));
                } else if (r.voters().size() > cluster.replicationFactor()) {
                    ops.add(new Operator(r.id(), name(), "store " + store.id() + " is being removed and the region has a voter to spare",
                            List.of(new Step.RemovePeer(store.id()))));
                }
            }
        }
        return ops;
    }
}
