package io.managedkvs.raftkv.pd.state;

/**
 * Hands out ids on the leader from a persisted range. A new leader starts at the persisted limit,
 * skipping whatever its predecessor had left in its range, so an id is never given twice.
 */
public final class IdAllocator {

    private long next;

    /** A new term of leadership: start at {@code limit}. */
    public void reset(long limit) {
        next = limit;
    }

    /** The first of {@code count} ids, or -1 if the limit must be raised first. */
    public long take(int count, long limit) {
        if (next + count > limit) {
            return -1;
        }
        long first = next;
        next += count;
        return first;
    }

    /** The limit to persist so that {@code count} ids and a batch more can be taken. */
    public long neededLimit(int count, long batch) {
        return next + count + batch;
    }
}
