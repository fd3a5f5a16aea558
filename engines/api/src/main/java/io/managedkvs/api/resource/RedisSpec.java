package io.managedkvs.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.Map;

/** Settings of the redis-sentinel engine. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RedisSpec(
        @JsonPropertyDescription("redis.conf directives, for example {maxmemory: 256mb, maxmemory-policy: allkeys-lru}. Directives the platform manages (port, bind, replicaof, requirepass, masterauth, dir, daemonize, ...) are refused. Directives Redis can change at run time are applied without a restart; the others roll the members.")
        Map<String, String> config,
        @JsonPropertyDescription("Durability on disk: None (memory only), RDB (periodic snapshots; the default), AOF (append-only file, fsync every second) or RDBAndAOF.")
        Persistence persistence,
        @Min(0)
        @Max(98)
        @JsonPropertyDescription("The primary refuses writes unless at least this many replicas acknowledged replication within minReplicasMaxLagSeconds. This fences an isolated old primary after a partition. Defaults to 1 when there are replicas; 0 turns fencing off.")
        Integer minReplicasToWrite,
        @Min(1)
        @Max(3600)
        @JsonPropertyDescription("The replication lag, in seconds, within which a replica counts for minReplicasToWrite. Defaults to 10.")
        Integer minReplicasMaxLagSeconds,
        @JsonPropertyDescription("The Sentinel processes that watch the members and fail over.")
        SentinelSpec sentinel) {

    public static final RedisSpec DEFAULT = new RedisSpec(null, null, null, null, null);
    public static final int DEFAULT_MIN_REPLICAS_MAX_LAG_SECONDS = 10;

    public RedisSpec {
        config = config == null ? Map.of() : Map.copyOf(config);
    }

    public Persistence effectivePersistence() {
        return persistence == null ? Persistence.RDB : persistence;
    }

    public SentinelSpec effectiveSentinel() {
        return sentinel == null ? SentinelSpec.DEFAULT : sentinel;
    }

    public int effectiveMinReplicasMaxLagSeconds() {
        return minReplicasMaxLagSeconds == null ? DEFAULT_MIN_REPLICAS_MAX_LAG_SECONDS : minReplicasMaxLagSeconds;
    }

    public enum Persistence { None, RDB, AOF, RDBAndAOF }
}
