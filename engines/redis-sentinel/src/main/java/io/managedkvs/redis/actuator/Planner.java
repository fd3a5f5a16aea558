package io.managedkvs.redis.actuator;

import io.managedkvs.redis.actuator.PrimaryResolver.Choice;
import io.managedkvs.redis.actuator.PrimaryResolver.Source;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns an observation and the desired state into a plan: data-plane steps for the actuator,
 * restarts for the caller, and findings for the status. Pure: no I/O, no clock, the same input
 * always gives the same plan, so every decision is tested without a server.
 *
 * <p>Rolling updates need no bookkeeping of their own: progress is read from each member's
 * up-to-date flag and the roles, so a restarted operator resumes where the last one stopped.
 */
public final class Planner {

    /** A replica whose last acknowledgement is older than this is not in sync. */
    public static final long IN_SYNC_LAG_SECONDS = 2;

    public Plan plan(DesiredState desired, Observation obs) {
        PlanBuilder b = new PlanBuilder(desired, obs);
        if (obs.authenticationFailed()) {
            b.down("AuthenticationFailed", authMessage(obs));
            return b.build(Optional.empty(), false);
        }
        Choice choice = PrimaryResolver.resolve(desired, obs);
        if (choice.primary().isEmpty()) {
            b.down("PrimaryUnknown", "The primary is not known: " + choice.why());
            reportUnreachable(b, obs);
            return b.build(Optional.empty(), false);
        }
        Endpoint primary = choice.primary().get();
        NodeState p = obs.node(primary.name()).orElseThrow();
        reportUnreachable(b, obs);
        boolean failover = obs.failoverInProgress();
        if (failover) {
            b.progress("FailoverInProgress", "Sentinel is failing over from " + primary.name() + "; waiting for it to finish");
        }
        if (!p.reachable()) {
            b.down("PrimaryDown", "The primary " + primary.name() + " is not answering; Sentinel fails over once it has been"
                    + " down for down-after-milliseconds (" + desired.sentinel().downAfterMilliseconds() + " ms)");
        } else if (!p.isPrimary()) {
            b.down("PrimaryNotWritable", primary.name() + " is Sentinel's primary but reports role " + p.role()
                    + "; Sentinel resolves this by failing over");
        }
        boolean writable = p.isPrimary() && !failover;
        if (writable) {
            // Replicas first: a Sentinel registered afterwards finds them in its first INFO of the primary.
            planMembers(b, desired, obs, primary, choice.source() == Source.MEMBERS);
        }
        new SentinelPlanner(desired, obs, b).plan(primary, choice.source() == Source.SENTINEL || p.isPrimary(), writable);
        if (writable) {
            planConfig(b, desired, obs);
        }
        boolean settled = writable && b.steps().isEmpty() && !b.held() && allInSync(desired, obs, p);
        if (settled) {
            new RollingPlanner(desired, obs, b).plan(p);
        } else if (writable && obs.nodes().stream().anyMatch(n -> !desired.facts(n.name()).upToDate())) {
            b.progress("RollingUpdate", "Members are waiting to restart with the current definition until every replica is in sync");
        }
        return b.build(Optional.of(primary.name()), settled);
    }

    /** Replicas that do not follow the primary are pointed at it; a second primary is demoted. */
    private static void planMembers(PlanBuilder b, DesiredState desired, Observation obs, Endpoint primary, boolean bootstrap) {
        NodeState p = obs.node(primary.name()).orElseThrow();
        for (NodeState n : obs.nodes()) {
            if (n.name().equals(primary.name()) || !n.reachable()) {
                continue;
            }
            if (n.isPrimary()) {
                b.step(new Step.ReplicaOf(n.endpoint(), primary, bootstrap ? "bootstrap" : "split brain"));
                if (bootstrap) {
                    b.progress("Bootstrapping", n.name() + " becomes a replica of " + primary.name());
                } else {
                    b.degraded("SplitBrainRepaired", n.name() + " also claimed to be a primary; it was made a replica of "
                            + primary.name() + ", the primary Sentinel names");
                }
            } else if (n.isReplica() && !n.follows(primary)) {
                b.step(new Step.ReplicaOf(n.endpoint(), primary, "follows " + n.masterHost() + ":" + n.masterPort()));
                b.degraded("ReplicaRepointed", n.name() + " followed " + n.masterHost() + ":" + n.masterPort()
                        + " instead of the primary " + primary.name() + "; it was re-pointed");
            } else if (n.isReplica() && !inSync(p, n)) {
                b.degraded("ReplicaOutOfSync", n.name() + " is not in sync with the primary " + primary.name()
                        + (n.linkUp() ? (n.syncing() ? " (full synchronisation under way)" : " (lagging)")
                        : " (link down" + (n.linkDownSeconds() >= 0 ? " for " + n.linkDownSeconds() + " s" : "") + ")"));
            }
        }
    }

    /** Dynamic directives are applied with CONFIG SET; leaving members get replica priority 0. */
    private static void planConfig(PlanBuilder b, DesiredState desired, Observation obs) {
        for (NodeState n : obs.nodes()) {
            if (!n.reachable()) {
                continue;
            }
            Map<String, String> diff = new TreeMap<>();
            desired.dynamicConfig().forEach((k, v) -> {
                if (!ConfigValues.same(k, v, n.config().get(k))) {
                    diff.put(k, v);
                }
            });
            String priority = desired.leaving(n.name()) ? DesiredState.PRIORITY_LEAVING : DesiredState.PRIORITY_STAYING;
            if (!priority.equals(n.config().get("replica-priority"))) {
                diff.put("replica-priority", priority);
            }
            if (!diff.isEmpty()) {
                b.step(new Step.ConfigSet(n.endpoint(), diff, "differs from the spec: " + String.join(", ", diff.keySet())));
            }
        }
    }

    /** Every member reachable and ready, and every replica following the primary in sync. */
    static boolean allInSync(DesiredState desired, Observation obs, NodeState p) {
        for (NodeState n : obs.nodes()) {
            if (!n.reachable() || !desired.facts(n.name()).ready()) {
                return false;
            }
            if (n != p && !(n.follows(p.endpoint()) && inSync(p, n))) {
                return false;
            }
        }
        return true;
    }

    /** A replica is in sync when its link is healthy and the primary sees it online and acknowledging. */
    static boolean inSync(NodeState primary, NodeState replica) {
        return replica.linkHealthy() && primary.replicas().stream()
                .anyMatch(l -> replica.endpoint().isAt(l.host(), l.port()) && l.inSync(IN_SYNC_LAG_SECONDS));
    }

    private static void reportUnreachable(PlanBuilder b, Observation obs) {
        List<String> down = obs.nodes().stream().filter(n -> !n.reachable()).map(n -> n.name() + " (" + n.error() + ")").toList();
        if (!down.isEmpty()) {
            b.degraded("MemberDown", "Not answering: " + String.join(", ", down));
        }
    }

    private static String authMessage(Observation obs) {
        List<String> refused = new ArrayList<>();
        obs.nodes().stream().filter(NodeState::authFailed).map(NodeState::name).forEach(refused::add);
        obs.sentinels().stream().filter(SentinelState::authFailed).map(SentinelState::name).forEach(refused::add);
        refused.sort(Comparator.naturalOrder());
        return "The password was refused by " + String.join(", ", refused)
                + "; nothing was changed. Check that the credentials Secret holds this instance's password";
    }
}
