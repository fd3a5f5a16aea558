package io.managedkvs.raft.log;

import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Entries and a snapshot the core holds that the application has not persisted yet. Entry i of the
 * list has index {@code offset + i}. Lost on a crash, by design.
 */
final class UnstableLog {

    private Snapshot snapshot;
    private final ArrayList<Entry> entries = new ArrayList<>();
    private long offset;

    UnstableLog(long offset) {
        this.offset = offset;
    }

    Snapshot snapshot() {
        return snapshot;
    }

    List<Entry> entries() {
        return entries;
    }

    long offset() {
        return offset;
    }

    /** The first index if a snapshot is pending, else 0. */
    long maybeFirstIndex() {
        return snapshot != null ? snapshot.index() + 1 : 0;
    }

    /** The last index held here, else 0. */
    long maybeLastIndex() {
        if (!entries.isEmpty()) {
            return offset + entries.size() - 1;
        }
        return snapshot != null ? snapshot.index() : 0;
    }

    /** The term at {@code index} if held here, else {@link RaftLog#NO_TERM}. */
    long maybeTerm(long index) {
        if (index < offset) {
            if (snapshot != null && snapshot.index() == index) {
                return snapshot.term();
            }
            return RaftLog.NO_TERM;
        }
        long last = maybeLastIndex();
        if (last == 0 || index > last) {
            return RaftLog.NO_TERM;
        }
        return entries.get((int) (index - offset)).term();
    }

    /** Entries up to (index, term) were persisted: drop them, unless the log changed since. */
    void stableTo(long index, long term) {
        long t = maybeTerm(index);
        if (t == term && index >= offset) {
            entries.subList(0, (int) (index + 1 - offset)).clear();
            offset = index + 1;
        }
    }

    void stableSnapTo(long index) {
        if (snapshot != null && snapshot.index() == index) {
            snapshot = null;
        }
    }

    void restore(Snapshot s) {
        offset = s.index() + 1;
        entries.clear();
        snapshot = s;
    }

    void truncateAndAppend(List<Entry> ents) {
        long from = ents.get(0).index();
        if (from == offset + entries.size()) {
            entries.addAll(ents);
        } else if (from <= offset) {
            // Replaces everything held here; the persisted entries it conflicts with are overwritten
            // when the application persists these.
            offset = from;
            entries.clear();
            entries.addAll(ents);
        } else {
            entries.subList((int) (from - offset), entries.size()).clear();
            entries.addAll(ents);
        }
    }

    /** Entries in [lo, hi), which must be held here. A view: copy before it outlives the next change. */
    List<Entry> slice(long lo, long hi) {
        return entries.subList((int) (lo - offset), (int) (hi - offset));
    }
}
