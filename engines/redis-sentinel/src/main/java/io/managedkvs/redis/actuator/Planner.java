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
    static final String MIN_REPLICAS_TO_WRITE = "min-replicas-to-write";

    public Plan plan(DesiredState desired, Observation obs) {
        PlanBuilder b = new PlanBuilder(desired, obs);
        if (obs.authenticationFailed()) {
            b.down("AuthenticationFailed", authMessage(obs));
            return b.build(Optional.empty(), false);
        }
        Choice choice = PrimaryResolver.resolve(desired, obs);
        if (choice.primary().isEmpty()) {
            reportUnknown(b, choice);
            reportUnreachable(b, obs);
            reportSentinelsDown(b, obs);
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
        if (choice.source() == Source.SENTINEL_MINORITY) {
            b.degraded("NoQuorum", "Only a minority of the Sentinels monitors the instance (" + choice.why()
                    + "): they are registered with " + primary.name() + ", and no member's role is changed until a majority agrees");
        }
        boolean writable = p.isPrimary() && !failover;
        boolean rolesMayChange = writable && choice.rolesMayChange();
        if (rolesMayChange) {
            // Replicas first: a Sentinel registered afterwards finds them in its first INFO of the primary.
            planMembers(b, desired, obs, primary, choice.source() == Source.MEMBERS);
        }
        boolean register = choice.source() == Source.SENTINEL_QUORUM || writable;
        new SentinelPlanner(desired, obs, b).plan(primary, register, rolesMayChange);
        if (writable) {
            planConfig(b, desired, obs, p);
        }
        boolean settled = rolesMayChange && b.steps().isEmpty() && !b.held() && allInSync(desired, obs, p);
        if (settled) {
            new RollingPlanner(desired, obs, b).plan(p);
        } else if (writable && obs.nodes().stream().anyMatch(n -> !desired.facts(n.name()).upToDate())) {
            b.progress("RollingUpdate", "Members are waiting to restart with the current definition until every replica is in sync");
        }
        return b.build(Optional.of(primary.name()), settled);
    }

    private static void reportUnknown(PlanBuilder b, Choice choice) {
        switch (choice.unknown()) {
            case SWITCHING -> b.progress("FailoverInProgress", "The primary is changing: " + choice.why());
            case NO_QUORUM -> b.degraded("NoQuorum", "The primary is not known, so nothing is changed: " + choice.why());
            default -> b.down("PrimaryUnknown", "The primary is not known: " + choice.why());
        }
    }

    /** Replicas that do not follow the primary are pointed at it; a second primary is demoted. */
    private static void planMembers(PlanBuilder b, DesiredState desired, Observation obs, Endpoint primary, boolean bootstrap) {
        NodeState p = obs.node(primary.name()).orElseThrow();
        for (NodeState n : obs.nodes()) {
            if (n.name().equals(primary.name()) || !n.reachable()) {
                continue;
            }
            if (n.isPrimary()) {
                b.step(new Step.Demote(n.endpoint(), primary, bootstrap ? "bootstrap" : "split brain"));
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
                b.degraded("ReplicaOutOfSync", n.name() + " is not in sync with the primary " + primary.name() + outOfSync(n));
            }
        }
    }

    /**
     * Why a replica that follows the primary is not in sync. One whose link is down is left to
     * reconnect by itself, as Redis does every second: REPLICAOF to the primary it already follows
     * does nothing, and forcing a new link would have to make it a primary first (decision 0006).
     */
    private static String outOfSync(NodeState n) {
        if (n.linkUp()) {
            return n.syncing() ? " (full synchronisation under way)" : " (lagging)";
        }
        if (n.syncing()) {
            return " (full synchronisation under way)";
        }
        return " (link down" + (n.linkDownSeconds() >= 0 ? " for " + n.linkDownSeconds() + " s" : ", not connected since it was pointed"
                + " there") + "; it follows the primary's address and retries every second by itself, so it is not re-pointed:"
                + " its log says why the link fails, such as the primary unreachable from it or a wrong masterauth)";
    }

    /**
     * Dynamic directives are applied with CONFIG SET; leaving members get replica priority 0. The
     * primary's fencing is raised only as far as replicas are in sync (see {@link #fencing}).
     */
    private static void planConfig(PlanBuilder b, DesiredState desired, Observation obs, NodeState p) {
        for (NodeState n : obs.nodes()) {
            if (!n.reachable()) {
                continue;
            }
            Map<String, String> diff = new TreeMap<>();
            desired.dynamicConfig().forEach((k, v) -> {
                String wanted = n == p && k.equals(MIN_REPLICAS_TO_WRITE) ? fencing(b, p, v) : v;
                if (!ConfigValues.same(k, wanted, n.config().get(k))) {
                    diff.put(k, wanted);
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

    /**
     * The min-replicas-to-write the primary should run with now. Lowering takes effect at once;
     * raising only as far as that many replicas are in sync, or the primary would refuse every
     * write (NOREPLICAS) until a new replica finished its full synchronisation, as when an instance
     * of one member is scaled out and its fencing default goes from 0 to 1.
     */
    private static String fencing(PlanBuilder b, NodeState p, String wanted) {
        long want = InfoParser.number(wanted, 0);
        long current = InfoParser.number(p.config().get(MIN_REPLICAS_TO_WRITE), 0);
        if (want <= current) {
            return wanted;
        }
        long inSync = p.replicas().stream().filter(l -> l.inSync(IN_SYNC_LAG_SECONDS)).count();
        long allowed = Math.max(current, Math.min(want, inSync));
        if (allowed < want) {
            b.progress("FencingDeferred", "min-replicas-to-write on the primary " + p.name() + " is raised to " + want
                    + " once that many replicas are in sync (" + inSync + " now); it stays at " + allowed + " meanwhile");
        }
        return Long.toString(allowed);
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

    private static void reportSentinelsDown(PlanBuilder b, Observation obs) {
        obs.sentinels().stream().filter(s -> !s.reachable())
                .forEach(s -> b.degraded("SentinelDown", "Sentinel " + s.name() + " is not answering (" + s.error() + ")"));
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
