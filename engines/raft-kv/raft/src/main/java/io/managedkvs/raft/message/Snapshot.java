package io.managedkvs.raft.message;

import io.managedkvs.raft.membership.ConfState;
import java.util.Objects;

/**
 * A state machine image as of {@code index}: the application's bytes plus the membership at that
 * index, so that a node restored from it knows its group.
 */
public record Snapshot(long index, long term, ConfState confState, byte[] data) {

    private static final byte[] EMPTY = new byte[0];

    public Snapshot {
        Objects.requireNonNull(confState, "confState");
        if (data == null) {
            data = EMPTY;
        }
        if (index < 0 || term < 0) {
            throw new IllegalArgumentException("snapshot index and term must not be negative: " + index + "/" + term);
        }
    }

    /** The snapshot of an empty log: index 0, term 0, no members. */
    public static Snapshot empty() {
        return new Snapshot(0, 0, ConfState.EMPTY, EMPTY);
    }

    public boolean isEmpty() {
        return index == 0;
    }

    @Override
    public String toString() {
        return "Snapshot[" + term + "/" + index + " " + confState + " " + data.length + " bytes]";
    }
}
