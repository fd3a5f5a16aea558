package io.managedkvs.redis.actuator;

import io.managedkvs.redis.config.SentinelSettings;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides which member is the primary, and how far that knowledge may be acted on. The platform
 * never competes with Sentinel over who is primary:
 *
 * <ul>
 *   <li>Sentinel's view counts only when a majority of all configured Sentinels answer and name the
 *       same address at the newest configuration epoch. A minority, even one with the newest epoch,
 *       may be stale or cut off, and acting on it could demote the member Sentinel just promoted.
 *       There is no tie-break: without a majority the primary is not known.</li>
 *   <li>The primary is chosen from the members only when every Sentinel answered and none monitors
 *       the instance: a new instance, or every Sentinel replaced. A Sentinel that does not answer
 *       may be the one that knows.</li>
 *   <li>When every Sentinel answered, fewer than a majority monitor the instance and all of those
 *       agree, their primary is known well enough to register the other Sentinels with it, but not
 *       to change any member's role.</li>
 * </ul>
 */
final class PrimaryResolver {

    enum Source {
        /** A majority of the configured Sentinels name it at the newest epoch: roles may be changed towards it. */
        SENTINEL_QUORUM,
        /** Every Sentinel answered and the few that monitor agree: enough to register the others, not to change roles. */
        SENTINEL_MINORITY,
        /** Every Sentinel answered and none monitors the instance: chosen from the members. */
        MEMBERS,
        /** Not known. */
        UNKNOWN
    }

    /** Why the primary is not known, which decides the finding. */
    enum Unknown {
        /** Nothing names a primary and none can be chosen. */
        PRIMARY_UNKNOWN,
        /** Too few Sentinels answer, or they disagree without a failover to explain it. */
        NO_QUORUM,
        /** Sentinels are switching to a new primary and have not converged yet. */
        SWITCHING
    }

    record Choice(Optional<Endpoint> primary, Source source, Unknown unknown, String why) {

        static Choice unknown(Unknown unknown, String why) {
            return new Choice(Optional.empty(), Source.UNKNOWN, unknown, why);
        }

        static Choice of(Endpoint primary, Source source, String why) {
            return new Choice(Optional.of(primary), source, null, why);
        }

        /** Whether members' roles may be changed towards this primary (REPLICAOF, controlled failover). */
        boolean rolesMayChange() {
            return source == Source.SENTINEL_QUORUM || source == Source.MEMBERS;
        }
    }

    private PrimaryResolver() {
    }

    /** The number of Sentinels that is a majority of those configured (or present, if more are). */
    static int sentinelMajority(DesiredState desired, Observation obs) {
        return SentinelSettings.majority(Math.max(desired.sentinel().replicas(), obs.sentinels().size()));
    }

    static Choice resolve(DesiredState desired, Observation obs) {
        int majority = sentinelMajority(desired, obs);
        List<SentinelState> monitoring = obs.monitoringSentinels();
        long answered = obs.sentinels().stream().filter(SentinelState::reachable).count();
        boolean everyoneAnswered = answered == obs.sentinels().size() && answered >= majority;
        if (monitoring.isEmpty()) {
            if (everyoneAnswered) {
                return fromMembers(desired, obs);
            }
            if (obs.sentinels().isEmpty()) {
                return Choice.unknown(Unknown.NO_QUORUM, "no Sentinel runs yet; the primary is chosen once they all answer");
            }
            return Choice.unknown(Unknown.NO_QUORUM, "no reachable Sentinel monitors the instance and " + answered + " of "
                    + obs.sentinels().size() + " Sentinel(s) answered; one that did not may know the primary");
        }
        return fromSentinels(obs, monitoring, majority, everyoneAnswered);
    }

    private static Choice fromSentinels(Observation obs, List<SentinelState> monitoring, int majority, boolean everyoneAnswered) {
        long epoch = monitoring.stream().mapToLong(SentinelState::configEpoch).max().orElse(0);
        Map<String, Long> votes = new LinkedHashMap<>();
        monitoring.stream().filter(s -> s.configEpoch() == epoch).forEach(s -> votes.merge(address(s), 1L, Long::sum));
        Optional<String> agreed = votes.entrySet().stream().filter(v -> v.getValue() >= majority).map(Map.Entry::getKey).findFirst();
        if (agreed.isPresent()) {
            return named(obs, monitoring, agreed.get(), Source.SENTINEL_QUORUM, votes.get(agreed.get()) + " Sentinel(s) at epoch " + epoch);
        }
        boolean unanimous = votes.size() == 1 && votes.values().iterator().next() == monitoring.size();
        if (unanimous && everyoneAnswered) {
            return named(obs, monitoring, votes.keySet().iterator().next(), Source.SENTINEL_MINORITY,
                    monitoring.size() + " of " + obs.sentinels().size() + " Sentinel(s); the others monitor nothing yet");
        }
        String view = describe(monitoring);
        boolean switching = monitoring.stream().anyMatch(SentinelState::failoverInProgress)
                || monitoring.stream().anyMatch(s -> s.configEpoch() != epoch);
        if (switching) {
            return Choice.unknown(Unknown.SWITCHING, "Sentinels are switching to a new primary and no majority of "
                    + majority + " agrees yet (" + view + ")");
        }
        return Choice.unknown(Unknown.NO_QUORUM, "no majority of " + majority + " Sentinel(s) names the same primary at the newest"
                + " configuration epoch (" + view + "); the primary is neither changed nor repaired until they agree");
    }

    private static Choice named(Observation obs, List<SentinelState> monitoring, String address, Source source, String how) {
        SentinelState named = monitoring.stream().filter(s -> address(s).equals(address)).findFirst().orElseThrow();
        Optional<Endpoint> primary = obs.topology().redisAt(named.masterHost(), named.masterPort());
        if (primary.isEmpty()) {
            return Choice.unknown(Unknown.PRIMARY_UNKNOWN, "Sentinel names " + address
                    + " as the primary, which is not a member of this instance");
        }
        return Choice.of(primary.get(), source, "named by " + how);
    }

    private static Choice fromMembers(DesiredState desired, Observation obs) {
        List<NodeState> primaries = obs.nodes().stream().filter(NodeState::isPrimary).toList();
        if (primaries.isEmpty()) {
            boolean anyReachable = obs.nodes().stream().anyMatch(NodeState::reachable);
            return Choice.unknown(Unknown.PRIMARY_UNKNOWN, anyReachable
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
        return Choice.of(best.endpoint(), Source.MEMBERS, followers.apply(best) > 0 || best.keys() > 0
                ? "adopted: it holds the data its peers replicate" : "bootstrap: the first member");
    }

    private static String address(SentinelState s) {
        return s.masterHost() + ":" + s.masterPort();
    }

    private static String describe(List<SentinelState> monitoring) {
        return String.join(", ", monitoring.stream()
                .map(s -> s.name() + " names " + address(s) + " at epoch " + s.configEpoch()).toList());
    }
}
