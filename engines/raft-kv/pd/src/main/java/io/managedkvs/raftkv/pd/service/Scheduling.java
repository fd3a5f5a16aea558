package io.managedkvs.raftkv.pd.service;

import io.managedkvs.raftkv.pd.schedule.ClusterSnapshot;
import io.managedkvs.raftkv.pd.schedule.ClusterSnapshot.RegionView;
import io.managedkvs.raftkv.pd.schedule.ClusterSnapshot.StoreView;
import io.managedkvs.raftkv.pd.schedule.Operator;
import io.managedkvs.raftkv.pd.schedule.OperatorController;
import io.managedkvs.raftkv.pd.schedule.OperatorOutcomes;
import io.managedkvs.raftkv.pd.schedule.Scheduler;
import io.managedkvs.raftkv.pd.schedule.Step;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.meta.StoreState;
import io.managedkvs.raftkv.proto.pd.RegionCommand;
import io.managedkvs.raftkv.proto.pd.RegionHeartbeat;
import io.managedkvs.raftkv.proto.pdpeer.PdCommand;
import io.managedkvs.raftkv.proto.pdpeer.SetStoreState;
import io.managedkvs.raftkv.proto.pdpeer.StoreRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Joins deciding to doing on the leader: about once a second it builds a {@link ClusterSnapshot},
 * asks the schedulers (most urgent first) for operators, gives their new replicas peer ids and
 * hands them to the {@link OperatorController}, which answers region heartbeats. It also marks
 * drained stores TOMBSTONE. Runs on the loop thread.
 */
public final class Scheduling implements Operators {

    private static final Logger LOG = Logger.getLogger(Scheduling.class.getName());
    /** Operators in flight at once, so that moving data never swamps the cluster. */
    static final int MAX_RUNNING = 8;

    private final PlacementDriver pd;
    private final List<Scheduler> schedulers;
    private final OperatorController controller;
    private final long warmupMs;
    private long servingSinceMs = -1;

    /**
     * @param warmupMs how long a new leader waits for heartbeats to tell it where leaders are before it schedules
     */
    public Scheduling(PlacementDriver pd, List<Scheduler> schedulers, OperatorController controller, long warmupMs) {
        this.pd = pd;
        this.schedulers = List.copyOf(schedulers);
        this.controller = controller;
        this.warmupMs = warmupMs;
    }

    @Override
    public List<RegionCommand> commandsFor(RegionHeartbeat heartbeat) {
        return controller.onHeartbeat(heartbeat.getRegion(), heartbeat.hasLeader() ? heartbeat.getLeader() : null, pendingIds(heartbeat), pd.now());
    }

    /** Ids of the peers a heartbeat reports as catching up. */
    private static Set<Long> pendingIds(RegionHeartbeat heartbeat) {
        return heartbeat.getPendingPeersCount() == 0 ? Set.of()
                : heartbeat.getPendingPeersList().stream().map(Peer::getId).collect(Collectors.toSet());
    }

    @Override
    public int running() {
        return controller.running();
    }

    public OperatorOutcomes operatorOutcomes() {
        return controller.outcomes();
    }

    /** One scheduling round. */
    public void round() {
        long now = pd.now();
        if (!pd.isServing()) {
            servingSinceMs = -1;
            controller.clear();
            return;
        }
        if (servingSinceMs < 0) {
            servingSinceMs = now;
        }
        if (now - servingSinceMs < warmupMs) {
            return;
        }
        controller.expire(now);
        ClusterSnapshot snapshot = snapshot();
        controller.avoid(snapshot.stores().stream().filter(st -> !st.usable()).map(StoreView::id).collect(Collectors.toSet()));
        tombstoneDrained(snapshot);
        Set<Long> busy = new HashSet<>(controller.busyRegions());
        Map<Long, Long> leaderMoves = new HashMap<>(controller.leaderMoves());
        List<Operator> planned = new ArrayList<>();
        for (Scheduler s : schedulers) {
            if (controller.running() + planned.size() >= MAX_RUNNING) {
                break;
            }
            ClusterSnapshot view = new ClusterSnapshot(snapshot.stores(), snapshot.regions(), snapshot.replicationFactor(), busy, leaderMoves);
            for (Operator op : s.schedule(view)) {
                if (controller.running() + planned.size() >= MAX_RUNNING) {
                    break;
                }
                if (busy.add(op.regionId())) {
                    planned.add(op);
                    if (op.steps().get(0) instanceof Step.TransferLeader t) {
                        leaderMoves.put(op.regionId(), t.storeId());
                    }
                }
            }
        }
        if (!planned.isEmpty()) {
            admit(planned);
        }
    }

    private void admit(List<Operator> planned) {
        int ids = 0;
        for (Operator op : planned) {
            ids += (int) op.steps().stream().filter(st -> st instanceof Step.AddLearner).count();
        }
        if (ids == 0) {
            planned.forEach(op -> controller.admit(op, pd.now()));
            return;
        }
        pd.allocIds(ids).thenAccept(first -> {
            long next = first;
            for (Operator op : planned) {
                List<Step> steps = new ArrayList<>();
                for (Step st : op.steps()) {
                    steps.add(st instanceof Step.AddLearner a ? a.withPeerId(next++) : st);
                }
                controller.admit(new Operator(op.regionId(), op.scheduler(), op.reason(), steps), pd.now());
            }
        }).exceptionally(e -> {
            LOG.fine(() -> "no peer ids for new operators: " + e);
            return null;
        });
    }

    private void tombstoneDrained(ClusterSnapshot snapshot) {
        for (StoreView s : snapshot.stores()) {
            if (s.state() == StoreState.OFFLINE && snapshot.replicaCounts().getOrDefault(s.id(), 0) == 0) {
                LOG.info(() -> "store " + s.id() + " holds no replicas any more: TOMBSTONE");
                pd.propose(PdCommand.newBuilder().setSetStoreState(SetStoreState.newBuilder()
                        .setStoreId(s.id()).setState(StoreState.TOMBSTONE)).build());
            }
        }
    }

    /** The cluster as this leader knows it now. */
    ClusterSnapshot snapshot() {
        List<StoreView> stores = new ArrayList<>();
        for (StoreRecord r : pd.state().stores()) {
            if (r.getStore().getState() != StoreState.TOMBSTONE) {
                long id = r.getStore().getId();
                stores.add(new StoreView(id, r.getStore().getState(), r.getStore().getLabelsMap(),
                        StoreRequests.isDown(pd, id), r.getLeaderEvicted(), StoreRequests.isDisconnected(pd, id)));
            }
        }
        List<RegionView> regions = new ArrayList<>();
        for (Region region : pd.state().regions().all()) {
            RegionHeartbeat hb = pd.live().region(region.getId());
            boolean current = hb != null && hb.getRegion().getEpoch().equals(region.getEpoch());
            Peer leader = current && hb.hasLeader() ? hb.getLeader() : null;
            // Held in memory only (LiveStats): every heartbeat replaces it, and a new PD leader waits for one.
            regions.add(new RegionView(region, leader, current ? pendingIds(hb) : Set.of()));
        }
        return new ClusterSnapshot(stores, regions, pd.config().replicationFactor(), controller.busyRegions(), controller.leaderMoves());
    }
}
