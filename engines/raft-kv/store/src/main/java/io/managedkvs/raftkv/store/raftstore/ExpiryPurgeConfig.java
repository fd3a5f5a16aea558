package io.managedkvs.raftkv.store.raftstore;

import java.time.Duration;

/**
 * How region leaders purge expired keys (see {@link ExpiryPurger}). Invalid values are refused
 * with the store option that sets them named first.
 *
 * @param enabled whether this store's leaders purge at all (reads hide expired keys either way)
 * @param interval the pause between two passes over the regions this store leads
 * @param batchKeys expired keys one PurgeExpired command carries at most (bounds a Raft entry)
 * @param passKeys expired keys one pass proposes per region at most; the next pass resumes there
 * @param maxInFlight purge commands of this store proposed and not yet applied, at most
 */
public record ExpiryPurgeConfig(boolean enabled, Duration interval, int batchKeys, int passKeys, int maxInFlight) {

    /** A command carries at most this many keys (with 8 KiB keys, 8 MiB in one Raft entry). */
    public static final int MAX_BATCH_KEYS = 1024;

    public ExpiryPurgeConfig {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("--ttl-purge-interval: must be positive, got " + interval);
        }
        if (batchKeys < 1 || batchKeys > MAX_BATCH_KEYS) {
            throw new IllegalArgumentException("--ttl-purge-batch-keys: must be between 1 and " + MAX_BATCH_KEYS + ", got " + batchKeys);
        }
        if (passKeys < batchKeys) {
            throw new IllegalArgumentException("--ttl-purge-pass-keys: must be at least --ttl-purge-batch-keys (" + batchKeys
                    + "), got " + passKeys);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("ttlPurge.maxInFlight: must be at least 1, got " + maxInFlight);
        }
    }

    public static ExpiryPurgeConfig defaults() {
        return new ExpiryPurgeConfig(true, Duration.ofMinutes(5), 256, 16_384, 2);
    }
}
