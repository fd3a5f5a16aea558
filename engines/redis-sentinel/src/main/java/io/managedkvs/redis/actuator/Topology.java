package io.managedkvs.redis.actuator;

import java.util.List;
import java.util.Optional;

/**
 * The members of one instance: its redis members in ordinal order, its Sentinels, and the name
 * Sentinel monitors the primary under.
 */
public record Topology(String masterName, List<Endpoint> redis, List<Endpoint> sentinels) {

    public Topology {
        redis = List.copyOf(redis);
        sentinels = List.copyOf(sentinels);
    }

    /** The redis member Redis or Sentinel means by {@code host:port}. */
    public Optional<Endpoint> redisAt(String host, int port) {
        return redis.stream().filter(e -> e.isAt(host, port)).findFirst();
    }

    public Optional<Endpoint> redis(String name) {
        return redis.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public Optional<Endpoint> sentinelAt(String host, int port) {
        return sentinels.stream().filter(e -> e.isAt(host, port)).findFirst();
    }
}
