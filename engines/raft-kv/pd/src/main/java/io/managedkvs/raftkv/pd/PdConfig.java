package io.managedkvs.raftkv.pd;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One PD member's settings.
 *
 * @param id this member's id, 1-based, a key of {@code members}
 * @param dataDir where its Raft log lives
 * @param members every member's id and client/peer address (host:port), this one included
 * @param statusAddress this member's HTTP address as others should dial it, empty if none
 * @param replicationFactor replicas each region should have
 * @param downStoreTimeout a store not heard from for this long is down and its replicas are replaced
 * @param tickMillis the Raft tick; elections take 10 to 20 ticks
 */
public record PdConfig(
        long id,
        Path dataDir,
        SortedMap<Long, String> members,
        String statusAddress,
        int replicationFactor,
        Duration downStoreTimeout,
        long tickMillis) {

    public static final int DEFAULT_REPLICATION_FACTOR = 3;
    public static final Duration DEFAULT_DOWN_STORE_TIMEOUT = Duration.ofMinutes(30);
    public static final long DEFAULT_TICK_MILLIS = 50;

    public PdConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(downStoreTimeout, "downStoreTimeout");
        members = new TreeMap<>(members);
        statusAddress = statusAddress == null ? "" : statusAddress;
        if (id <= 0) {
            throw new IllegalArgumentException("id: must be 1 or more, got " + id);
        }
        if (!members.containsKey(id)) {
            throw new IllegalArgumentException("initial-cluster: does not name this member's id " + id + ": " + members);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication-factor: must be 1 or more, got " + replicationFactor);
        }
        if (downStoreTimeout.isNegative() || downStoreTimeout.isZero()) {
            throw new IllegalArgumentException("down-store-timeout: must be positive, got " + downStoreTimeout);
        }
        if (tickMillis <= 0) {
            throw new IllegalArgumentException("tickMillis: must be positive, got " + tickMillis);
        }
    }

    /** A member alone, as tests and a single-member PD use it. */
    public static PdConfig single(Path dataDir, String address, int replicationFactor) {
        return new PdConfig(1, dataDir, new TreeMap<>(Map.of(1L, address)), "", replicationFactor,
                DEFAULT_DOWN_STORE_TIMEOUT, DEFAULT_TICK_MILLIS);
    }

    public PdConfig withDownStoreTimeout(Duration timeout) {
        return new PdConfig(id, dataDir, members, statusAddress, replicationFactor, timeout, tickMillis);
    }

    public String address() {
        return members.get(id);
    }
}
