package io.managedkvs.redis.config;

import io.managedkvs.api.resource.SentinelSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Sentinel settings in effect, each taken from its own spec field or its own default: setting
 * one field never changes another. Why the defaults are what they are is recorded in
 * docs/decisions/0002-sentinel-defaults.md.
 */
public record SentinelSettings(int replicas, int quorum, int downAfterMilliseconds, int failoverTimeout, int parallelSyncs) {

    public static final int DEFAULT_REPLICAS = 3;
    public static final int DEFAULT_DOWN_AFTER_MILLISECONDS = 5_000;
    public static final int DEFAULT_FAILOVER_TIMEOUT = 30_000;
    public static final int DEFAULT_PARALLEL_SYNCS = 1;

    public static SentinelSettings of(SentinelSpec spec) {
        SentinelSpec s = spec == null ? SentinelSpec.DEFAULT : spec;
        int replicas = s.replicas() == null ? DEFAULT_REPLICAS : s.replicas();
        return new SentinelSettings(
                replicas,
                s.quorum() == null ? majority(replicas) : s.quorum(),
                s.downAfterMilliseconds() == null ? DEFAULT_DOWN_AFTER_MILLISECONDS : s.downAfterMilliseconds(),
                s.failoverTimeout() == null ? DEFAULT_FAILOVER_TIMEOUT : s.failoverTimeout(),
                s.parallelSyncs() == null ? DEFAULT_PARALLEL_SYNCS : s.parallelSyncs());
    }

    /** The smallest number of Sentinels that is more than half of {@code replicas}. */
    public static int majority(int replicas) {
        return replicas / 2 + 1;
    }

    /**
     * The settings as {@code SENTINEL SET} arguments, in the names {@code SENTINEL MASTER} reports
     * them under. The quorum is included; it is set with the same command.
     */
    public Map<String, String> asSentinelSet() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("quorum", Integer.toString(quorum));
        out.put("down-after-milliseconds", Integer.toString(downAfterMilliseconds));
        out.put("failover-timeout", Integer.toString(failoverTimeout));
        out.put("parallel-syncs", Integer.toString(parallelSyncs));
        return out;
    }

    public SentinelSettings withDownAfterMilliseconds(int value) {
        return new SentinelSettings(replicas, quorum, value, failoverTimeout, parallelSyncs);
    }

    public SentinelSettings withFailoverTimeout(int value) {
        return new SentinelSettings(replicas, quorum, downAfterMilliseconds, value, parallelSyncs);
    }
}
