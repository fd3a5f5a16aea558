package io.managedkvs.raft.progress;

/**
 * The appends sent to one follower and not yet acknowledged, bounded by count and by bytes. A ring
 * buffer that grows on demand up to its capacity, so that thousands of idle groups cost little.
 */
public final class Inflights {

    private final int capacity;
    private final long maxBytes;
    private long[] lastIndexes = new long[0];
    private long[] sizes = new long[0];
    private int start;
    private int count;
    private long bytes;

    /** @param maxBytes 0 for no byte bound */
    public Inflights(int capacity, long maxBytes) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("maxInflightMsgs must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    /** Records an append whose last entry is {@code lastIndex}. */
    public void add(long lastIndex, long size) {
        if (full()) {
            throw new IllegalStateException("no room for another in-flight append");
        }
        if (count == lastIndexes.length) {
            grow();
        }
        int slot = (start + count) % lastIndexes.length;
        lastIndexes[slot] = lastIndex;
        sizes[slot] = size;
        count++;
        bytes += size;
    }

    /** Frees every append whose last entry is at or below {@code index}. */
    public void freeLE(long index) {
        while (count > 0 && lastIndexes[start] <= index) {
            bytes -= sizes[start];
            start = (start + 1) % lastIndexes.length;
            count--;
        }
        if (count == 0) {
            start = 0;
        }
    }

    /** Frees the oldest in-flight append. */
    public void freeFirst() {
        if (count > 0) {
            freeLE(lastIndexes[start]);
        }
    }

    public boolean full() {
        return count == capacity || (maxBytes > 0 && bytes >= maxBytes);
    }

    public int count() {
        return count;
    }

    public void reset() {
        start = 0;
        count = 0;
        bytes = 0;
    }

    private void grow() {
        int size = Math.min(capacity, Math.max(4, lastIndexes.length * 2));
        long[] idx = new long[size];
        long[] sz = new long[size];
        for (int i = 0; i < count; i++) {
            int from = (start + i) % lastIndexes.length;
            idx[i] = lastIndexes[from];
            sz[i] = sizes[from];
        }
        lastIndexes = idx;
        sizes = sz;
        start = 0;
    }
}
