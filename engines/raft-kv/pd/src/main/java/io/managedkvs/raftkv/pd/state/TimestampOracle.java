package io.managedkvs.raftkv.pd.state;

import io.managedkvs.raftkv.proto.pd.Timestamp;

/**
 * Hands out strictly increasing timestamps on the leader. It never issues a physical time at or
 * above the persisted limit; a new leader starts at the limit, so its first timestamp is above
 * everything its predecessors issued even if its clock is behind theirs.
 */
public final class TimestampOracle {

    /** Logical values per millisecond, as in TiKV's TSO (18 bits). */
    static final long MAX_LOGICAL = 1L << 18;

    private long physical;
    private long logical;

    /** A new term of leadership: start at or above {@code limitMs}. */
    public void reset(long limitMs, long nowMs) {
        physical = Math.max(limitMs, nowMs);
        logical = 0;
    }

    /**
     * The last of {@code count} timestamps, or null if issuing them needs the limit raised first
     * (to at least {@link #neededLimit}).
     */
    public Timestamp next(int count, long nowMs, long limitMs) {
        long p = Math.max(physical, nowMs);
        long l = p == physical ? logical : 0;
        if (l + count >= MAX_LOGICAL) {
            p++;
            l = 0;
        }
        if (p >= limitMs) {
            return null;
        }
        physical = p;
        logical = l + count;
        return Timestamp.newBuilder().setPhysicalMs(p).setLogical(logical).build();
    }

    /** The limit to persist so that timestamps can be issued for a while from {@code nowMs}. */
    public long neededLimit(long nowMs, long windowMs) {
        return Math.max(physical, nowMs) + 1 + windowMs;
    }
}
