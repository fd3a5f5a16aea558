package io.managedkvs.raftkv.store.raftstore;

/**
 * When a region's leader compacts the Raft log (see {@link LogGc}).
 *
 * @param threshold compact once every member holds at least this many entries past the compaction
 *                  point; also the entries kept behind the applied index when the caps force it
 * @param maxEntries a log longer than this is compacted even though a member lags (it then gets a snapshot)
 * @param maxBytes a log larger than this is compacted even though a member lags (it then gets a snapshot)
 */
public record LogGcConfig(int threshold, int maxEntries, long maxBytes) {

    public LogGcConfig {
        if (threshold < 1) {
            throw new IllegalArgumentException("logGc.threshold: must be at least 1, got " + threshold);
        }
        if (maxEntries <= threshold) {
            throw new IllegalArgumentException("logGc.maxEntries: must be above the threshold " + threshold + ", got " + maxEntries);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("logGc.maxBytes: must be positive, got " + maxBytes);
        }
    }

    public static LogGcConfig defaults() {
        return new LogGcConfig(64, 16_384, 64L << 20);
    }
}
