package io.managedkvs.redis.actuator;

import io.managedkvs.redis.config.SentinelSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One data-plane step the actuator carries out. Each says why, for the log. */
public sealed interface Step {

    String reason();

    /** {@code REPLICAOF primary} on a replica that follows another address. */
    record ReplicaOf(Endpoint node, Endpoint primary, String reason) implements Step {
    }

    /**
     * A member that reports the primary role becomes a replica of {@code primary}, and its clients
     * are disconnected so that they reconnect to the primary (see {@link Demotion}).
     */
    record Demote(Endpoint node, Endpoint primary, String reason) implements Step {
    }

    /**
     * {@code SENTINEL MONITOR} of the primary on a Sentinel that does not monitor it (a new or
     * replaced Sentinel), then {@code SENTINEL SET} of the password and the settings. With
     * {@code replace}, an outdated registration is removed first.
     */
    record Monitor(Endpoint sentinel, Endpoint primary, SentinelSettings settings, boolean replace, String reason) implements Step {
    }

    /** {@code SENTINEL SET} of settings that differ from the spec. */
    record SentinelSet(Endpoint sentinel, Map<String, String> settings, String reason) implements Step {
        public SentinelSet {
            settings = Map.copyOf(settings);
        }
    }

    /** {@code SENTINEL RESET}: forget departed replicas and Sentinels; the live ones are rediscovered. */
    record SentinelReset(Endpoint sentinel, String reason) implements Step {
    }

    /** {@code CONFIG SET} of directives that differ from the spec, on one member. */
    record ConfigSet(Endpoint node, Map<String, String> values, String reason) implements Step {
        public ConfigSet {
            values = Map.copyOf(values);
        }
    }

    /**
     * One controlled failover away from {@code primary}: writes are paused on it, the replicas
     * catch up, one Sentinel fails over, and the old primary follows the new one before the pause
     * ends, so no acknowledged write is lost. {@code failoverTimeout} is Sentinel's: within it a
     * failover ends one way or the other, which bounds how long writes stay paused.
     */
    record ControlledFailover(Endpoint primary, List<Endpoint> replicas, List<Endpoint> sentinels, Duration failoverTimeout,
                              String reason) implements Step {
        public ControlledFailover {
            replicas = List.copyOf(replicas);
            sentinels = List.copyOf(sentinels);
        }
    }
}
