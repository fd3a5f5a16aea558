package io.managedkvs.raftkv.engine;

import io.managedkvs.api.engine.ClusterView;
import io.managedkvs.api.engine.EngineStatus;
import io.managedkvs.api.engine.EngineStatus.Finding;
import io.managedkvs.api.resource.EngineVersion;
import io.managedkvs.api.resource.ExposeSpec;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSStatus.EndpointsStatus;
import io.managedkvs.api.resource.RaftKvSpec;
import io.managedkvs.api.resource.RaftKvStatus;
import io.managedkvs.raftkv.engine.actuator.PdCluster;
import io.managedkvs.raftkv.engine.actuator.PdStore;
import io.managedkvs.raftkv.engine.actuator.Plan;
import io.managedkvs.raftkv.engine.actuator.Planner;
import io.managedkvs.raftkv.engine.actuator.StoreMember;
import io.managedkvs.raftkv.engine.model.RaftKvModel;
import io.managedkvs.raftkv.engine.model.RaftKvNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The engine's contribution to the status, from one observation and what act did. */
final class StatusReport {

    private StatusReport() {
    }

    static EngineStatus of(ManagedKVS resource, ClusterView view, RaftKvObservation o, List<String> failures,
                           Planner planner) {
        int wanted = resource.getSpec().effectiveReplicas();
        List<Finding> problems = new ArrayList<>();
        List<Finding> progress = new ArrayList<>();
        int ready;
        boolean settled;
        RaftKvStatus raftKv = null;
        if (o.plan().isEmpty()) {
            boolean pdReady = view.workload(RaftKvNames.COMPONENT_PD).map(w -> w.readyReplicas() > 0).orElse(false);
            if (!pdReady) {
                progress.add(Finding.degraded("PlacementDriverStarting", "waiting for the placement driver to start"));
            } else {
                problems.add(Finding.down("PlacementDriverUnavailable", o.pdError()));
            }
            ready = 0;
            settled = false;
        } else {
            Plan plan = o.plan().get();
            problems.addAll(plan.problems());
            progress.addAll(plan.progress());
            ready = plan.storesReady();
            settled = plan.settled();
            raftKv = raftKvStatus(o.cluster().orElseThrow(), plan, o.observedAt(), planner);
        }
        failures.forEach(f -> problems.add(Finding.degraded("PlacementDriverStepFailed", f)));
        boolean rolloutDone = rolloutDone(wanted, view, o) && settled;
        return new EngineStatus(wanted, ready, null, endpoints(resource), rolloutDone ? resource.getSpec().version() : null,
                newestVersionRun(view), rolloutDone, null, null, problems, progress, raftKv);
    }

    private static RaftKvStatus raftKvStatus(PdCluster cluster, Plan plan, Instant now, Planner planner) {
        Map<String, PdStore> current = Planner.currentStores(cluster);
        List<RaftKvStatus.StoreStatus> stores = new ArrayList<>();
        cluster.stores().stream().filter(s -> !s.tombstone()).sorted(Comparator.comparingLong(PdStore::id)).forEach(s -> {
            String pod = RaftKvNames.podOfAddress(s.address());
            String state = s.state() == PdStore.State.OFFLINE ? RaftKvStatus.StoreStatus.OFFLINE
                    : planner.isDown(s, now) ? RaftKvStatus.StoreStatus.DOWN : RaftKvStatus.StoreStatus.UP;
            boolean replaced = plan.replaced().contains(s.id()) || current.get(pod) == null || current.get(pod).id() != s.id();
            stores.add(new RaftKvStatus.StoreStatus(s.id(), pod, state, s.regions(), s.leaders(), s.leaderEvicted(),
                    replaced ? Boolean.TRUE : null));
        });
        return new RaftKvStatus(cluster.regions(), cluster.underReplicatedRegions(), cluster.leaderlessRegions(),
                cluster.leaderAddress().isEmpty() ? null : cluster.leaderAddress(), stores);
    }

    /** Every wanted store pod exists and runs the current template, and the placement driver is ready. */
    private static boolean rolloutDone(int wanted, ClusterView view, RaftKvObservation o) {
        List<StoreMember> stores = o.stores().stream().filter(s -> s.ordinal() < wanted).toList();
        boolean members = stores.size() == wanted && stores.stream().allMatch(StoreMember::upToDate)
                && view.members(RaftKvNames.COMPONENT_STORE).size() == wanted;
        boolean pd = view.workload(RaftKvNames.COMPONENT_PD).map(w -> w.readyReplicas() >= w.desiredReplicas()).orElse(false);
        return members && pd;
    }

    /** The newest version any store or placement driver pod was created for, from their version labels. */
    static String newestVersionRun(ClusterView view) {
        return view.members().stream().map(m -> m.label(RaftKvModel.VERSION_LABEL)).filter(EngineVersion::isValid)
                .max(Comparator.comparing(EngineVersion::parse)).orElse(null);
    }

    static EndpointsStatus endpoints(ManagedKVS resource) {
        RaftKvNames names = RaftKvModel.names(resource);
        RaftKvSpec raftKv = resource.getSpec().raftKv();
        boolean resp = raftKv == null || raftKv.effectiveProtocols().respOrDefault();
        ExposeSpec expose = resource.getSpec().effectiveExpose();
        String external = null;
        if (expose.exposesExternally()) {
            external = "Service " + names.externalService() + " (" + expose.effectiveType()
                    + (expose.nodePort() != null ? ", node port " + expose.nodePort() : "") + ")";
        }
        String client = names.serviceHost(names.clientService());
        return new EndpointsStatus(resp ? client + ":" + RaftKvNames.RESP_PORT : null, null, null, external,
                client + ":" + RaftKvNames.STORE_GRPC_PORT, names.serviceHost(names.pdService()) + ":" + RaftKvNames.PD_PORT);
    }
}
