package io.managedkvs.raft.storage;

import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.Snapshot;
import java.util.List;

/**
 * What the core reads of its persisted state. The core never writes here: the application persists
 * what {@code Ready} hands it and then calls {@code advance()}. Every entry persisted must be
 * readable until the application itself compacts it, which it may do only up to its applied index.
 *
 * <p>Implementations back one group each; a store may implement many over one shared engine.
 * {@link #term}, {@link #firstIndex} and {@link #lastIndex} are called on every message: answer
 * them from memory (a cache of the log's bounds and recent terms), not from disk.
 */
public interface RaftStorage {

    /** The state to start from: hard state, and the membership as of the applied index. */
    InitialState initialState();

    /**
     * Entries in [lo, hi), at most {@code maxBytes} of them in {@link Entry#sizeBytes()} but always at
     * least one if the range is not empty.
     *
     * @throws CompactedException if {@code lo} is at or below the compaction point
     */
    List<Entry> entries(long lo, long hi, long maxBytes);

    /**
     * The term of the entry at {@code index}, for index in [firstIndex() - 1, lastIndex()]; the term
     * at firstIndex() - 1 is that of the last compacted entry (the snapshot).
     *
     * @throws CompactedException if the index is below firstIndex() - 1
     */
    long term(long index);

    /** The index of the first entry still available (the snapshot index plus one). */
    long firstIndex();

    /** The index of the last persisted entry, or the snapshot index if there is none after it. */
    long lastIndex();

    /**
     * The most recent snapshot.
     *
     * @throws SnapshotUnavailableException if it is being produced; the core asks again later
     */
    Snapshot snapshot();
}
