package io.managedkvs.redis.actuator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the Sentinels registered and configured: a Sentinel that does not monitor the primary (new
 * or replaced) is registered, settings that differ from the spec are set, and one Sentinel at a
 * time forgets departed replicas and peers.
 */
final class SentinelPlanner {

    private final DesiredState desired;
    private final Observation obs;
    private final PlanBuilder b;

    SentinelPlanner(DesiredState desired, Observation obs, PlanBuilder b) {
        this.desired = desired;
        this.obs = obs;
        this.b = b;
    }

    /**
     * @param primary  the primary
     * @param register whether Sentinels may be pointed at it (Sentinel already names it, or it is a reachable primary)
     * @param settled  whether no failover is running and the primary is writable
     */
    void plan(Endpoint primary, boolean register, boolean settled) {
        int monitoring = 0;
        for (SentinelState s : obs.sentinels()) {
            if (!s.reachable()) {
                b.degraded("SentinelDown", "Sentinel " + s.name() + " is not answering (" + s.error() + ")");
            } else if (!s.monitors()) {
                if (register) {
                    b.step(new Step.Monitor(s.endpoint(), primary, desired.sentinel(), false, "does not monitor the primary"));
                    b.progress("SentinelRegistered", "Sentinel " + s.name() + " starts monitoring " + primary.name());
                }
            } else {
                monitoring++;
                planMonitoring(s, primary, register, settled);
            }
        }
        if (monitoring < desired.sentinel().quorum()) {
            b.degraded("NoQuorum", monitoring + " Sentinel(s) reachable and monitoring, fewer than the quorum of "
                    + desired.sentinel().quorum() + ": an unreachable primary would not be failed over");
        }
        if (settled) {
            planReset(primary);
        }
    }

    private void planMonitoring(SentinelState s, Endpoint primary, boolean register, boolean settled) {
        boolean known = obs.topology().redisAt(s.masterHost(), s.masterPort()).isPresent();
        if (!known && register && settled) {
            b.step(new Step.Monitor(s.endpoint(), primary, desired.sentinel(), true,
                    "monitors " + s.masterHost() + ":" + s.masterPort() + ", which is not a member"));
            return;
        }
        if (s.masterHost() != null && primary.isAt(s.masterHost(), s.masterPort())) {
            // A Sentinel that does not know a replica cannot promote it; and a restarted primary
            // only waits for a failover when Sentinel knows it has replicas (see redis-start.sh).
            obs.nodes().stream().filter(n -> n.follows(primary))
                    .filter(n -> s.replicas().stream().noneMatch(r -> n.endpoint().isAt(r.host(), r.port())))
                    .forEach(n -> b.hold("SentinelDiscovering", "Sentinel " + s.name() + " has not discovered replica "
                            + n.name() + " yet (it reads the primary's INFO every 10 s)"));
        }
        Map<String, String> diff = new LinkedHashMap<>();
        desired.sentinel().asSentinelSet().forEach((k, v) -> {
            if (!v.equals(s.settings().get(k))) {
                diff.put(k, v);
            }
        });
        if (!diff.isEmpty()) {
            b.step(new Step.SentinelSet(s.endpoint(), diff, "differs from the spec: " + String.join(", ", diff.keySet())));
        }
    }

    /**
     * Resets one Sentinel that still lists a departed replica or peer, and only while every
     * Sentinel knows all its reachable peers, so that the Sentinels never forget each other at once.
     */
    private void planReset(Endpoint primary) {
        long reachable = obs.sentinels().stream().filter(SentinelState::monitoring).count();
        if (reachable != obs.sentinels().size()
                || obs.sentinels().stream().anyMatch(s -> s.numOtherSentinels() < reachable - 1)) {
            return;
        }
        for (SentinelState s : obs.sentinels()) {
            boolean staleReplica = s.replicas().stream().anyMatch(r -> obs.topology().redisAt(r.host(), r.port()).isEmpty()
                    && !primary.isAt(r.host(), r.port()));
            boolean staleSentinel = s.sentinels().size() > obs.sentinels().size() - 1
                    || s.sentinels().stream().anyMatch(o -> obs.topology().sentinelAt(o.host(), o.port()).isEmpty());
            if (staleReplica || staleSentinel) {
                b.step(new Step.SentinelReset(s.endpoint(), staleReplica ? "lists a departed replica" : "lists a departed Sentinel"));
                b.progress("SentinelReset", "Sentinel " + s.name() + " forgets departed members");
                return;
            }
        }
    }
}
