package io.managedkvs.redis.actuator;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Rolls members to their current definition with exactly one failover, and moves the primary off a
 * member that scale-in removes. Called only when roles are settled and every replica is in sync, so
 * it restarts one member at a time: replicas first (highest ordinal first), then one controlled
 * failover to an up-to-date replica, then the old primary, which is a replica by then.
 */
final class RollingPlanner {

    private final DesiredState desired;
    private final Observation obs;
    private final PlanBuilder b;

    RollingPlanner(DesiredState desired, Observation obs, PlanBuilder b) {
        this.desired = desired;
        this.obs = obs;
        this.b = b;
    }

    void plan(NodeState p) {
        List<NodeState> staying = obs.nodes().stream().filter(n -> n != p && !desired.leaving(n.name())).toList();
        if (desired.leaving(p.name())) {
            if (staying.isEmpty()) {
                b.degraded("ScaleInBlocked", "The primary " + p.name() + " is being removed and no remaining member can take over");
                return;
            }
            failover(p, "scale-in removes " + p.name());
            b.progress("ScalingIn", "Moving the primary off " + p.name() + ", which scale-in removes");
            return;
        }
        Optional<NodeState> outdatedReplica = staying.stream()
                .filter(n -> !desired.facts(n.name()).upToDate())
                .max(Comparator.comparingInt(n -> desired.facts(n.name()).ordinal()));
        if (outdatedReplica.isPresent()) {
            b.restart(new Restart(outdatedReplica.get().name(), "rolling update: replica restarts with the current definition"));
            b.progress("RollingUpdate", "Restarting replica " + outdatedReplica.get().name());
            return;
        }
        if (!desired.facts(p.name()).upToDate()) {
            if (staying.isEmpty()) {
                b.restart(new Restart(p.name(), "rolling update: the only member restarts with the current definition"));
                b.progress("RollingUpdate", "Restarting " + p.name() + ", the only member");
            } else {
                failover(p, "rolling update: hand the primary to an up-to-date replica");
                b.progress("RollingUpdate", "Failing over from " + p.name() + " to an up-to-date replica before restarting it");
            }
        }
    }

    private void failover(NodeState p, String reason) {
        List<Endpoint> replicas = obs.nodes().stream().filter(n -> n != p).map(NodeState::endpoint).toList();
        List<Endpoint> sentinels = obs.monitoringSentinels().stream().map(SentinelState::endpoint).toList();
        b.step(new Step.ControlledFailover(p.endpoint(), replicas, sentinels,
                Duration.ofMillis(desired.sentinel().failoverTimeout()), reason));
    }
}
