package io.managedkvs.redis.actuator;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one Sentinel reported about the instance's primary.
 *
 * @param endpoint          the Sentinel
 * @param reachable         whether it answered
 * @param authFailed        whether it refused the password
 * @param error             why it could not be observed, or null
 * @param monitors          whether it monitors the primary under the instance's master name
 * @param masterHost        the primary it names ({@code GET-MASTER-ADDR-BY-NAME}: during a failover, the promoted
 *                          replica as soon as this Sentinel's configuration epoch is the new one)
 * @param masterPort        the primary's port
 * @param masterFlags       the flags of the primary (master, s_down, o_down, failover_in_progress, ...)
 * @param configEpoch       the configuration epoch of its view; the highest epoch is the newest view
 * @param numOtherSentinels peers it knows
 * @param settings          quorum, down-after-milliseconds, failover-timeout, parallel-syncs as it reports them
 * @param replicas          the replicas it knows
 * @param sentinels         the peers it knows
 */
public record SentinelState(Endpoint endpoint, boolean reachable, boolean authFailed, String error, boolean monitors,
                            String masterHost, int masterPort, Set<String> masterFlags, long configEpoch,
                            int numOtherSentinels, Map<String, String> settings, List<Known> replicas, List<Known> sentinels) {

    public SentinelState {
        masterFlags = masterFlags == null ? Set.of() : Set.copyOf(masterFlags);
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
        sentinels = sentinels == null ? List.of() : List.copyOf(sentinels);
    }

    static SentinelState unreachable(Endpoint endpoint, boolean authFailed, String error) {
        return new SentinelState(endpoint, false, authFailed, error, false, null, 0, Set.of(), -1, 0, Map.of(), List.of(), List.of());
    }

    static SentinelState notMonitoring(Endpoint endpoint) {
        return new SentinelState(endpoint, true, false, null, false, null, 0, Set.of(), -1, 0, Map.of(), List.of(), List.of());
    }

    public String name() {
        return endpoint.name();
    }

    public boolean monitoring() {
        return reachable && monitors;
    }

    public boolean failoverInProgress() {
        return masterFlags.contains("failover_in_progress")
                || replicas.stream().anyMatch(r -> r.flags().contains("promoted"));
    }

    /** An instance a Sentinel knows: a replica or a peer Sentinel. */
    public record Known(String host, int port, Set<String> flags) {
        public Known {
            flags = flags == null ? Set.of() : Set.copyOf(flags);
        }
    }
}
