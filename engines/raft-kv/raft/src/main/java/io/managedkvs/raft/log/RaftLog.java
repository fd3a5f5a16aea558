package io.managedkvs.raft.log;

import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.Snapshot;
import io.managedkvs.raft.storage.CompactedException;
import io.managedkvs.raft.storage.RaftStorage;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's log: the persisted part read through {@link RaftStorage}, the unpersisted tail, and the
 * commit and applied indexes.
 */
public final class RaftLog {

    /** Returned for the term of an index that is compacted or beyond the last index. */
    public static final long NO_TERM = -1;

    private final RaftStorage storage;
    private final UnstableLog unstable;
    private final long maxApplyBytes;
    private long committed;
    private long applied;
    private long lastWriteFrom;

    public RaftLog(RaftStorage storage, long maxApplyBytes) {
        this.storage = storage;
        this.maxApplyBytes = maxApplyBytes;
        this.unstable = new UnstableLog(storage.lastIndex() + 1);
        this.committed = storage.firstIndex() - 1;
        this.applied = committed;
    }

    public long committed() {
        return committed;
    }

    public long applied() {
        return applied;
    }

    public long firstIndex() {
        long i = unstable.maybeFirstIndex();
        return i != 0 ? i : storage.firstIndex();
    }

    public long lastIndex() {
        long i = unstable.maybeLastIndex();
        return i != 0 ? i : storage.lastIndex();
    }

    public long lastTerm() {
        return term(lastIndex());
    }

    /** The term at {@code index}, or {@link #NO_TERM} if it is compacted or not in the log. */
    public long term(long index) {
        long dummy = firstIndex() - 1;
        if (index < dummy || index > lastIndex()) {
            return NO_TERM;
        }
        long t = unstable.maybeTerm(index);
        if (t != NO_TERM) {
            return t;
        }
        try {
            return storage.term(index);
        } catch (CompactedException e) {
            return NO_TERM;
        }
    }

    public boolean matchTerm(long index, long term) {
        long t = term(index);
        return t != NO_TERM && t == term;
    }

    /** Whether a log ending at (lastIndex, lastTerm) is at least as up to date as this one (§5.4.1). */
    public boolean isUpToDate(long lastIndex, long lastTerm) {
        long myTerm = lastTerm();
        return lastTerm > myTerm || (lastTerm == myTerm && lastIndex >= lastIndex());
    }

    /**
     * Appends a leader's entries that follow (index, logTerm), if this log has that entry. Returns
     * the index of the last new entry, or -1 if the log does not match. {@link #lastWriteFrom()}
     * then tells where the log was written from (0 if nothing changed).
     */
    public long maybeAppend(long index, long logTerm, long leaderCommit, List<Entry> ents, boolean skipMatchCheck) {
        lastWriteFrom = 0;
        if (!skipMatchCheck && !matchTerm(index, logTerm)) {
            return -1;
        }
        long lastNew = index + ents.size();
        long conflict = findConflict(ents);
        if (conflict != 0) {
            if (conflict <= committed) {
                throw new IllegalStateException("entry " + conflict + " conflicts with the committed log (committed=" + committed + ")");
            }
            int from = (int) (conflict - (index + 1));
            append(ents.subList(from, ents.size()));
        }
        commitTo(Math.min(leaderCommit, lastNew));
        return lastNew;
    }

    /** Where the last {@link #maybeAppend} or {@link #append} started writing, or 0. */
    public long lastWriteFrom() {
        return lastWriteFrom;
    }

    /** Appends entries, replacing any conflicting suffix. Returns the new last index. */
    public long append(List<Entry> ents) {
        if (ents.isEmpty()) {
            return lastIndex();
        }
        long after = ents.get(0).index() - 1;
        if (after < committed) {
            throw new IllegalStateException("appending after " + after + " would rewrite the committed log (committed=" + committed + ")");
        }
        unstable.truncateAndAppend(ents);
        lastWriteFrom = after + 1;
        return lastIndex();
    }

    /** The first index whose entry differs from this log (or is new), or 0 if all are present. */
    long findConflict(List<Entry> ents) {
        for (int i = 0; i < ents.size(); i++) {
            Entry e = ents.get(i);
            if (!matchTerm(e.index(), e.term())) {
                return e.index();
            }
        }
        return 0;
    }

    /**
     * The highest index at or below {@code index} whose term is at most {@code term}: where a log
     * whose entry at {@code index} has {@code term} can possibly match this one.
     */
    public long findConflictByTerm(long index, long term) {
        long i = Math.min(index, lastIndex());
        for (; i > 0; i--) {
            long t = term(i);
            if (t == NO_TERM || t <= term) {
                return i;
            }
        }
        return 0;
    }

    public boolean hasUnstableEntries() {
        return !unstable.entries().isEmpty();
    }

    /** A copy of the entries to persist. */
    public List<Entry> unstableEntries() {
        return List.copyOf(unstable.entries());
    }

    public Snapshot unstableSnapshot() {
        return unstable.snapshot();
    }

    /** Whether committed entries wait to be applied (none while a received snapshot is pending). */
    public boolean hasNextCommittedEntries() {
        if (unstable.snapshot() != null) {
            return false;
        }
        long off = Math.max(applied + 1, firstIndex());
        return committed + 1 > off;
    }

    /** The next committed entries to apply, up to the apply byte limit. */
    public List<Entry> nextCommittedEntries() {
        if (!hasNextCommittedEntries()) {
            return List.of();
        }
        long off = Math.max(applied + 1, firstIndex());
        return slice(off, committed + 1, maxApplyBytes);
    }

    /** The snapshot to send a follower: a received one not yet persisted, or the stored one. */
    public Snapshot snapshot() {
        Snapshot s = unstable.snapshot();
        return s != null ? s : storage.snapshot();
    }

    /**
     * Entries from {@code from} to the end, at most {@code maxBytes} (at least one).
     *
     * @throws CompactedException if {@code from} is compacted
     */
    public List<Entry> entries(long from, long maxBytes) {
        if (from > lastIndex()) {
            return List.of();
        }
        return slice(from, lastIndex() + 1, maxBytes);
    }

    /** Entries in [lo, hi), at most {@code maxBytes} but at least one; an immutable copy. */
    public List<Entry> slice(long lo, long hi, long maxBytes) {
        if (lo < firstIndex()) {
            throw new CompactedException(lo, firstIndex());
        }
        if (hi > lastIndex() + 1 || lo > hi) {
            throw new IllegalArgumentException("slice [" + lo + ", " + hi + ") is out of bounds [" + firstIndex() + ", " + lastIndex() + "]");
        }
        if (lo == hi) {
            return List.of();
        }
        ArrayList<Entry> out = new ArrayList<>();
        long size = 0;
        long unstableFrom = unstable.offset();
        if (lo < unstableFrom) {
            List<Entry> stored = storage.entries(lo, Math.min(hi, unstableFrom), maxBytes);
            for (int i = 0; i < stored.size(); i++) {
                Entry e = stored.get(i);
                size += e.sizeBytes();
                if (!out.isEmpty() && size > maxBytes) {
                    return List.copyOf(out);
                }
                out.add(e);
            }
            if (stored.size() < Math.min(hi, unstableFrom) - lo) {
                return List.copyOf(out);
            }
        }
        if (hi > unstableFrom) {
            List<Entry> fresh = unstable.slice(Math.max(lo, unstableFrom), hi);
            for (int i = 0; i < fresh.size(); i++) {
                Entry e = fresh.get(i);
                size += e.sizeBytes();
                if (!out.isEmpty() && size > maxBytes) {
                    break;
                }
                out.add(e);
            }
        }
        return List.copyOf(out);
    }

    public void commitTo(long index) {
        if (index > committed) {
            if (index > lastIndex()) {
                throw new IllegalStateException("commit index " + index + " is beyond the last index " + lastIndex());
            }
            committed = index;
        }
    }

    /** Commits {@code index} if it is newer and its entry has {@code term}. */
    public boolean maybeCommit(long index, long term) {
        if (index > committed && term(index) == term) {
            commitTo(index);
            return true;
        }
        return false;
    }

    public void appliedTo(long index) {
        if (index == 0) {
            return;
        }
        if (index > committed || index < applied) {
            throw new IllegalStateException("applied index " + index + " is outside [" + applied + ", " + committed + "]");
        }
        applied = index;
    }

    public void stableTo(long index, long term) {
        unstable.stableTo(index, term);
    }

    public void stableSnapTo(long index) {
        unstable.stableSnapTo(index);
    }

    /** Replaces the log with a snapshot from the leader. */
    public void restore(Snapshot s) {
        committed = s.index();
        unstable.restore(s);
    }

    /** Used at startup only: the applied index recorded with the application's state. */
    public void initApplied(long index) {
        if (index < firstIndex() - 1 || index > committed) {
            throw new IllegalStateException("applied index " + index + " is outside [" + (firstIndex() - 1) + ", " + committed + "]");
        }
        applied = index;
    }
}
