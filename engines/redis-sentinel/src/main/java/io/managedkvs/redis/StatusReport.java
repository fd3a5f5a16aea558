package io.managedkvs.redis;

import io.managedkvs.api.engine.ClusterView;
import io.managedkvs.api.engine.EngineStatus;
import io.managedkvs.api.engine.EngineStatus.Finding;
import io.managedkvs.api.engine.Member;
import io.managedkvs.api.resource.EngineVersion;
import io.managedkvs.api.resource.ExposeSpec;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSStatus;
import io.managedkvs.api.resource.ManagedKVSStatus.EndpointsStatus;
import io.managedkvs.redis.actuator.ExecutionResult;
import io.managedkvs.redis.actuator.NodeState;
import io.managedkvs.redis.actuator.Plan;
import io.managedkvs.redis.model.RedisNames;
import io.managedkvs.redis.model.RedisSentinelModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The engine's contribution to the status, from one observation and what act did. */
final class StatusReport {

    private StatusReport() {
    }

    static EngineStatus of(ManagedKVS resource, ClusterView view, RedisObservation o, Optional<ExecutionResult> acted, Instant now) {
        RedisNames names = RedisSentinelModel.names(resource);
        Plan plan = o.plan();
        ManagedKVSStatus status = resource.getStatus();
        String previous = status == null ? null : status.primary();
        // While the primary is not known (Sentinels switching or without a majority) the role labels stay
        // where they are, and so does the status: scale-in keeps the StatefulSet above its ordinal.
        String primary = acted.flatMap(ExecutionResult::promoted).or(plan::primary).orElse(previous);
        Long failovers = status == null || status.failovers() == null || status.failovers().count() == null ? 0L : status.failovers().count();
        String lastFailover = status == null || status.failovers() == null ? null : status.failovers().lastTime();
        if (previous != null && primary != null && !previous.equals(primary)) {
            failovers++;
            lastFailover = now.toString();
        }
        List<Finding> problems = new ArrayList<>(plan.problems());
        acted.ifPresent(r -> r.failures().forEach(f -> problems.add(Finding.degraded("StepFailed", f))));
        boolean rolloutDone = rolloutDone(resource, view, o);
        return new EngineStatus(resource.getSpec().effectiveReplicas(), plan.membersReady(), primary, endpoints(resource, names),
                rolloutDone ? resource.getSpec().version() : null, newestVersionRun(view, o).orElse(null), rolloutDone, failovers,
                lastFailover, problems, plan.progress());
    }

    /**
     * The newest version any data member runs: from each pod's version label (the spec.version it was
     * created for) and from each member's own redis_version. A member that started on it may already
     * have written data in its format, even though the rollout is not complete. Sentinels hold no data.
     */
    static Optional<String> newestVersionRun(ClusterView view, RedisObservation o) {
        List<String> seen = new ArrayList<>();
        view.members(RedisNames.COMPONENT_REDIS).forEach(m -> seen.add(m.label(RedisSentinelModel.VERSION_LABEL)));
        o.observation().nodes().stream().filter(NodeState::reachable).forEach(n -> seen.add(n.version()));
        return seen.stream().filter(EngineVersion::isValid)
                .max(Comparator.comparing(EngineVersion::parse));
    }

    /**
     * Every wanted member exists and runs the current definition, the Sentinels are ready, the roles
     * settled, and everyone serves spec.tls's current certificate.
     */
    private static boolean rolloutDone(ManagedKVS resource, ClusterView view, RedisObservation o) {
        int wanted = resource.getSpec().effectiveReplicas();
        List<Member> redis = view.members(RedisNames.COMPONENT_REDIS);
        boolean members = redis.size() == wanted && redis.stream().allMatch(m -> o.desired().facts(m.name()).upToDate());
        boolean sentinels = view.workload(RedisNames.COMPONENT_SENTINEL)
                .map(w -> w.readyReplicas() >= w.desiredReplicas()).orElse(true);
        return members && sentinels && o.plan().settled() && o.plan().idle() && o.tlsRotation().done();
    }

    static EndpointsStatus endpoints(ManagedKVS resource, RedisNames names) {
        ExposeSpec expose = resource.getSpec().effectiveExpose();
        String external = null;
        if (expose.exposesExternally()) {
            external = "Service " + names.externalService() + " (" + expose.effectiveType()
                    + (expose.nodePort() != null ? ", node port " + expose.nodePort() : "") + ")";
        }
        return new EndpointsStatus(
                names.serviceHost(names.readWriteService()) + ":" + RedisNames.REDIS_PORT,
                names.serviceHost(names.readOnlyService()) + ":" + RedisNames.REDIS_PORT,
                names.serviceHost(names.sentinelService()) + ":" + RedisNames.SENTINEL_PORT,
                external);
    }
}
