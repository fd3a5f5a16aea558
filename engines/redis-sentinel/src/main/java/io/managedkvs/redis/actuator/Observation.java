package io.managedkvs.redis.actuator;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What every member and Sentinel of one instance reported at one moment. Immutable. */
public record Observation(Topology topology, List<NodeState> nodes, List<SentinelState> sentinels, Instant at) {

    public Observation {
        nodes = List.copyOf(nodes);
        sentinels = List.copyOf(sentinels);
    }

    public Optional<NodeState> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public List<SentinelState> monitoringSentinels() {
        return sentinels.stream().filter(SentinelState::monitoring).toList();
    }

    public boolean authenticationFailed() {
        return nodes.stream().anyMatch(NodeState::authFailed) || sentinels.stream().anyMatch(SentinelState::authFailed);
    }

    public boolean failoverInProgress() {
        return monitoringSentinels().stream().anyMatch(SentinelState::failoverInProgress);
    }
}
