package io.managedkvs.raft.storage;

import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.EntryType;
import io.managedkvs.raft.message.HardState;
import io.managedkvs.raft.message.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory {@link RaftStorage} for tests and the simulator. Its contents are what a node
 * persisted: a crash-restart keeps this object and drops the node.
 *
 * <p>The entry list starts with a placeholder carrying the snapshot's index and term, so that the
 * term just below the first available index is always known.
 */
public final class MemoryStorage implements RaftStorage {

    /** Index and term of the bootstrap snapshot of a founding member. */
    public static final long BOOTSTRAP_INDEX = 1;
    public static final long BOOTSTRAP_TERM = 1;

    private HardState hardState = HardState.EMPTY;
    private Snapshot snapshot;
    private final ArrayList<Entry> entries = new ArrayList<>();

    /**
     * A storage for a node of a new group. With a non-empty {@code initial} membership the node is a
     * founding member: its log starts with a bootstrap snapshot at index 1 (term 1) that holds the
     * membership, so that nodes added later, which start empty (pass {@link ConfState#EMPTY}),
     * learn the membership from a snapshot rather than from a log that never recorded it.
     */
    public MemoryStorage(ConfState initial) {
        if (initial.voters().isEmpty()) {
            this.snapshot = new Snapshot(0, 0, initial, new byte[0]);
            entries.add(placeholder(0, 0));
        } else {
            this.snapshot = new Snapshot(BOOTSTRAP_INDEX, BOOTSTRAP_TERM, initial, new byte[0]);
            entries.add(placeholder(BOOTSTRAP_INDEX, BOOTSTRAP_TERM));
            this.hardState = new HardState(BOOTSTRAP_TERM, 0, BOOTSTRAP_INDEX);
        }
    }

    @Override
    public InitialState initialState() {
        return new InitialState(hardState, snapshot.confState(), snapshot.index());
    }

    public HardState hardState() {
        return hardState;
    }

    public void setHardState(HardState hs) {
        this.hardState = hs;
    }

    @Override
    public List<Entry> entries(long lo, long hi, long maxBytes) {
        long offset = entries.get(0).index();
        if (lo <= offset) {
            throw new CompactedException(lo, offset + 1);
        }
        if (hi > lastIndex() + 1) {
            throw new IllegalArgumentException("hi: " + hi + " is beyond the last index " + lastIndex());
        }
        List<Entry> out = new ArrayList<>();
        long size = 0;
        for (long i = lo; i < hi; i++) {
            Entry e = entries.get((int) (i - offset));
            size += e.sizeBytes();
            if (!out.isEmpty() && size > maxBytes) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    @Override
    public long term(long index) {
        long offset = entries.get(0).index();
        if (index < offset) {
            throw new CompactedException(index, offset + 1);
        }
        if (index - offset >= entries.size()) {
            throw new IllegalArgumentException("index: " + index + " is beyond the last index " + lastIndex());
        }
        return entries.get((int) (index - offset)).term();
    }

    @Override
    public long firstIndex() {
        return entries.get(0).index() + 1;
    }

    @Override
    public long lastIndex() {
        return entries.get(0).index() + entries.size() - 1;
    }

    @Override
    public Snapshot snapshot() {
        return snapshot;
    }

    /** Persists entries handed over by {@code Ready}, replacing any conflicting suffix. */
    public void append(List<Entry> ents) {
        if (ents.isEmpty()) {
            return;
        }
        long first = firstIndex();
        long last = ents.get(ents.size() - 1).index();
        if (last < first) {
            return;
        }
        int from = 0;
        if (first > ents.get(0).index()) {
            from = (int) (first - ents.get(0).index());
        }
        long offset = ents.get(from).index() - entries.get(0).index();
        if (offset > entries.size()) {
            throw new IllegalArgumentException("entries: missing log entries before index " + ents.get(from).index()
                    + "; last index is " + lastIndex());
        }
        entries.subList((int) offset, entries.size()).clear();
        entries.addAll(ents.subList(from, ents.size()));
    }

    /** Replaces the log with a snapshot received from the leader. */
    public void applySnapshot(Snapshot snap) {
        if (snap.index() <= snapshot.index()) {
            throw new IllegalArgumentException("snapshot: index " + snap.index() + " is not newer than " + snapshot.index());
        }
        snapshot = snap;
        entries.clear();
        entries.add(placeholder(snap.index(), snap.term()));
    }

    /** Records a snapshot of the application's state at {@code index} (at most the applied index). */
    public Snapshot createSnapshot(long index, ConfState cs, byte[] data) {
        if (index <= snapshot.index()) {
            throw new IllegalArgumentException("index: " + index + " is not newer than the snapshot at " + snapshot.index());
        }
        if (index > lastIndex()) {
            throw new IllegalArgumentException("index: " + index + " is beyond the last index " + lastIndex());
        }
        snapshot = new Snapshot(index, term(index), cs, data);
        return snapshot;
    }

    /** Discards entries up to and including {@code compactIndex}, which must be covered by a snapshot. */
    public void compact(long compactIndex) {
        long offset = entries.get(0).index();
        if (compactIndex <= offset) {
            return;
        }
        if (compactIndex > lastIndex()) {
            throw new IllegalArgumentException("compactIndex: " + compactIndex + " is beyond the last index " + lastIndex());
        }
        if (compactIndex > snapshot.index()) {
            throw new IllegalArgumentException("compactIndex: " + compactIndex + " is not covered by the snapshot at " + snapshot.index());
        }
        long term = term(compactIndex);
        entries.subList(0, (int) (compactIndex - offset) + 1).clear();
        entries.add(0, placeholder(compactIndex, term));
    }

    private static Entry placeholder(long index, long term) {
        return new Entry(term, index, EntryType.NORMAL, null);
    }
}
