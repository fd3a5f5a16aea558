package io.managedkvs.raft;

import io.managedkvs.raft.membership.ConfState;
import java.util.Arrays;

/**
 * The membership a node acts on: the latest configuration in its log, committed or not (thesis
 * §4.1). Keeps the base configuration (as of the applied or snapshot index) and every change entry
 * after it, so that a truncated log falls back to the configuration before the removed entries.
 * Committed changes are folded into the base: they can never be truncated.
 */
final class MembershipLog {

    private ConfState base = ConfState.EMPTY;
    private long baseIndex;
    private long[] indexes = new long[2];
    private ConfState[] states = new ConfState[2];
    private int size;

    void reset(ConfState cs, long index) {
        base = cs;
        baseIndex = index;
        Arrays.fill(states, 0, size, null);
        size = 0;
    }

    ConfState current() {
        return size == 0 ? base : states[size - 1];
    }

    /** Whether a change entry is in the log and not yet committed. */
    boolean hasUncommittedChange() {
        return size > 0;
    }

    void appended(long index, ConfState cs) {
        if (size == indexes.length) {
            indexes = Arrays.copyOf(indexes, size * 2);
            states = Arrays.copyOf(states, size * 2);
        }
        indexes[size] = index;
        states[size] = cs;
        size++;
    }

    /** Forgets changes at or after {@code index}; returns whether the configuration changed. */
    boolean truncateFrom(long index) {
        ConfState before = current();
        while (size > 0 && indexes[size - 1] >= index) {
            size--;
            states[size] = null;
        }
        return before != current();
    }

    void committedTo(long committed) {
        int folded = 0;
        while (folded < size && indexes[folded] <= committed) {
            base = states[folded];
            baseIndex = indexes[folded];
            folded++;
        }
        if (folded > 0) {
            System.arraycopy(indexes, folded, indexes, 0, size - folded);
            System.arraycopy(states, folded, states, 0, size - folded);
            Arrays.fill(states, size - folded, size, null);
            size -= folded;
        }
    }
}
