package io.managedkvs.raft.message;

import java.util.Arrays;
import java.util.Objects;

/**
 * One log entry. {@code data} is owned by the entry once it is built: callers must not change the
 * array afterwards (the core shares it between the log, messages and {@code Ready} without copying).
 */
public record Entry(long term, long index, EntryType type, byte[] data) {

    /** Fixed per-entry cost counted against byte limits, so that empty entries are not free. */
    public static final int OVERHEAD_BYTES = 24;

    private static final byte[] EMPTY = new byte[0];

    public Entry {
        Objects.requireNonNull(type, "type");
        if (data == null) {
            data = EMPTY;
        }
        if (term < 0 || index < 0) {
            throw new IllegalArgumentException("term and index must not be negative: term=" + term + " index=" + index);
        }
    }

    public static Entry normal(long term, long index, byte[] data) {
        return new Entry(term, index, EntryType.NORMAL, data);
    }

    /** The size this entry counts for against message, apply and uncommitted-size limits. */
    public long sizeBytes() {
        return (long) data.length + OVERHEAD_BYTES;
    }

    public boolean isEmptyNormal() {
        return type == EntryType.NORMAL && data.length == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Entry e && e.term == term && e.index == index && e.type == type && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(term, index, type) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return term + "/" + index + (type == EntryType.CONF_CHANGE ? " conf" : "") + " (" + data.length + " bytes)";
    }
}
