package io.managedkvs.redis.actuator;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides which member is the primary. Sentinel's view wins whenever any reachable Sentinel
 * monitors the instance: the platform never competes with Sentinel over who is primary. Only when
 * no Sentinel knows the instance (a new instance, or every Sentinel replaced) is the primary chosen
 * here, from what the members report, preferring the one that holds the data.
 */
final class PrimaryResolver {

    enum Source {
        /** Named by Sentinel. */
        SENTINEL,
        /** No Sentinel monitors yet; chosen from the members. */
        MEMBERS,
        /** Not known. */
        UNKNOWN
    }

    record Choice(Optional<Endpoint> primary, Source source, String why) {
        static Choice unknown(String why) {
            return new Choice(Optional.empty(), Source.UNKNOWN, why);
        }
    }

    private PrimaryResolver() {
    }

    static Choice resolve(DesiredState desired, Observation obs) {
        List<SentinelState> monitoring = obs.monitoringSentinels();
        if (!monitoring.isEmpty()) {
            return fromSentinels(obs, monitoring);
        }
        return fromMembers(desired, obs);
    }

    /** The newest view: the highest configuration epoch, then the address most Sentinels name. */
    private static Choice fromSentinels(Observation obs, List<SentinelState> monitoring) {
        long epoch = monitoring.stream().mapToLong(SentinelState::configEpoch).max().orElse(0);
        Map<String, Long> votes = monitoring.stream().filter(s -> s.configEpoch() == epoch)
                .collect(Collectors.groupingBy(s -> s.masterHost() + ":" + s.masterPort(), Collectors.counting()));
        String address = votes.entrySet().stream().max(Map.Entry.<String, Long>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).map(Map.Entry::getKey).orElseThrow();
        SentinelState named = monitoring.stream().filter(s -> (s.masterHost() + ":" + s.masterPort()).equals(address)).findFirst().orElseThrow();
        Optional<Endpoint> primary = obs.topology().redisAt(named.masterHost(), named.masterPort());
        if (primary.isEmpty()) {
            return Choice.unknown("Sentinel names " + address + " as the primary, which is not a member of this instance");
        }
        return new Choice(primary, Source.SENTINEL, "named by Sentinel");
    }

    private static Choice fromMembers(DesiredState desired, Observation obs) {
        List<NodeState> primaries = obs.nodes().stream().filter(NodeState::isPrimary).toList();
        if (primaries.isEmpty()) {
            boolean anyReachable = obs.nodes().stream().anyMatch(NodeState::reachable);
            return Choice.unknown(anyReachable
                    ? "no Sentinel monitors the instance and no reachable member is a primary"
                    : "no member is reachable");
        }
        Function<NodeState, Long> followers = p -> obs.nodes().stream().filter(n -> n.follows(p.endpoint())).count();
        NodeState best = primaries.stream().min(Comparator
                .comparing((NodeState n) -> desired.leaving(n.name()))
                .thenComparing(followers, Comparator.reverseOrder())
                .thenComparing(NodeState::offset, Comparator.reverseOrder())
                .thenComparing(NodeState::keys, Comparator.reverseOrder())
                .thenComparing(n -> desired.facts(n.name()).ordinal())).orElseThrow();
        return new Choice(Optional.of(best.endpoint()), Source.MEMBERS, followers.apply(best) > 0 || best.keys() > 0
                ? "adopted: it holds the data its peers replicate" : "bootstrap: the first member");
    }
}
