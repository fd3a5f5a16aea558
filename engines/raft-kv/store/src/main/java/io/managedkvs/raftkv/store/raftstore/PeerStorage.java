package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.HardState;
import io.managedkvs.raft.message.Snapshot;
import io.managedkvs.raft.storage.CompactedException;
import io.managedkvs.raft.storage.InitialState;
import io.managedkvs.raft.storage.RaftStorage;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.transport.RegionLocalState;
import io.managedkvs.raftkv.proto.transport.SnapshotData;
import io.managedkvs.raftkv.store.engine.ColumnFamily;
import io.managedkvs.raftkv.store.engine.EngineBatch;
import io.managedkvs.raftkv.store.engine.StorageEngine;
import io.managedkvs.raftkv.store.raftstore.Codec.ApplyState;
import java.util.ArrayList;
import java.util.List;

/**
 * One region's Raft state over the shared engine. The log between the last compaction and the
 * last index is also held in memory (log GC keeps it short), so the core's calls on every message
 * never touch the disk; the engine is written through the poller's batch and read only at startup.
 * Owned by whichever poller thread holds the region.
 */
public final class PeerStorage implements RaftStorage {

    private final long regionId;
    private final StorageEngine engine;
    private final SnapshotRegistry snapshots;
    private HardState hardState;
    private ApplyState applyState;
    private RegionLocalState regionState;
    private final ArrayList<Entry> entries = new ArrayList<>();
    private long entryBytes;

    private PeerStorage(long regionId, StorageEngine engine, SnapshotRegistry snapshots, HardState hs,
                        ApplyState as, RegionLocalState state) {
        this.regionId = regionId;
        this.engine = engine;
        this.snapshots = snapshots;
        this.hardState = hs;
        this.applyState = as;
        this.regionState = state;
    }

    /** Loads a region this store persisted. */
    static PeerStorage load(long regionId, StorageEngine engine, SnapshotRegistry snapshots, RegionLocalState state) {
        byte[] hsBytes = engine.get(ColumnFamily.RAFT, Keys.hardStateKey(regionId));
        byte[] asBytes = engine.get(ColumnFamily.RAFT, Keys.applyStateKey(regionId));
        HardState hs = hsBytes == null ? HardState.EMPTY : Codec.decodeHardState(hsBytes);
        ApplyState as = asBytes == null ? new ApplyState(0, 0, 0) : ApplyState.decode(asBytes);
        PeerStorage s = new PeerStorage(regionId, engine, snapshots, hs, as, state);
        engine.scan(ColumnFamily.RAFT, Keys.logKey(regionId, as.truncatedIndex() + 1), Keys.logKey(regionId, Long.MAX_VALUE),
                (k, v) -> {
                    Entry e = Codec.decodeEntry(Keys.indexOfLogKey(k), v);
                    s.entries.add(e);
                    s.entryBytes += e.sizeBytes();
                    return true;
                });
        return s;
    }

    /**
     * Writes the state of a founding peer (the first region, or a region a split creates): a
     * bootstrap snapshot at index 1, term 1, holding the membership, as the core expects of
     * founding members.
     */
    static void writeFounding(EngineBatch batch, Region region, ConfState conf) {
        long id = region.getId();
        // A peer created empty for this region may have voted already: keep its term and vote.
        byte[] seen = batch.get(ColumnFamily.RAFT, Keys.hardStateKey(id));
        HardState hs = seen == null ? new HardState(1, 0, 1) : Codec.decodeHardState(seen);
        HardState founding = hs.term() > 1 ? new HardState(hs.term(), hs.vote(), 1) : new HardState(1, 0, 1);
        batch.put(ColumnFamily.RAFT, Keys.hardStateKey(id), Codec.encodeHardState(founding));
        batch.put(ColumnFamily.RAFT, Keys.applyStateKey(id), new ApplyState(1, 1, 1).encode());
        batch.put(ColumnFamily.RAFT, Keys.regionStateKey(id), RegionLocalState.newBuilder()
                .setRegion(region).setConfState(Codec.toProto(conf)).build().toByteArray());
    }

    /** The state of a peer created to receive a snapshot: nothing yet. */
    static PeerStorage empty(long regionId, StorageEngine engine, SnapshotRegistry snapshots, Region region) {
        RegionLocalState state = RegionLocalState.newBuilder().setRegion(region)
                .setConfState(Codec.toProto(ConfState.EMPTY)).build();
        return new PeerStorage(regionId, engine, snapshots, HardState.EMPTY, new ApplyState(0, 0, 0), state);
    }

    // ---------------------------------------------------------------- RaftStorage

    @Override
    public InitialState initialState() {
        return new InitialState(hardState, Codec.fromProto(regionState.getConfState()), applyState.applied());
    }

    @Override
    public List<Entry> entries(long lo, long hi, long maxBytes) {
        if (lo <= applyState.truncatedIndex()) {
            throw new CompactedException(lo, applyState.truncatedIndex() + 1);
        }
        if (hi > lastIndex() + 1) {
            throw new IllegalArgumentException("hi: " + hi + " is beyond the last index " + lastIndex());
        }
        int from = (int) (lo - firstIndex());
        int to = (int) (hi - firstIndex());
        List<Entry> out = new ArrayList<>(Math.min(to - from, 64));
        long size = 0;
        for (int i = from; i < to; i++) {
            Entry e = entries.get(i);
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
        long trunc = applyState.truncatedIndex();
        if (index == trunc) {
            return applyState.truncatedTerm();
        }
        if (index < trunc) {
            throw new CompactedException(index, trunc + 1);
        }
        if (index > lastIndex()) {
            throw new IllegalArgumentException("index: " + index + " is beyond the last index " + lastIndex());
        }
        return entries.get((int) (index - trunc - 1)).term();
    }

    @Override
    public long firstIndex() {
        return applyState.truncatedIndex() + 1;
    }

    @Override
    public long lastIndex() {
        return applyState.truncatedIndex() + entries.size();
    }

    @Override
    public Snapshot snapshot() {
        long applied = applyState.applied();
        byte[] data = SnapshotData.newBuilder().setRegion(regionState.getRegion())
                .addAllPendingPeers(regionState.getPendingPeersList()).build().toByteArray();
        Snapshot snap = new Snapshot(applied, term(applied), Codec.fromProto(regionState.getConfState()), data);
        snapshots.register(regionId, snap, regionState.getRegion(), engine);
        return snap;
    }

    // ---------------------------------------------------------------- writes (poller thread)

    /** Persists entries from a Ready, replacing a conflicting suffix. */
    void append(EngineBatch batch, List<Entry> ents) {
        if (ents.isEmpty()) {
            return;
        }
        long first = ents.get(0).index();
        long oldLast = lastIndex();
        if (first <= applyState.truncatedIndex()) {
            throw new IllegalStateException("region " + regionId + ": append at " + first + " below the compaction point "
                    + applyState.truncatedIndex());
        }
        if (first > oldLast + 1) {
            throw new IllegalStateException("region " + regionId + ": append at " + first + " leaves a gap after " + oldLast);
        }
        int keep = (int) (first - firstIndex());
        for (int i = entries.size() - 1; i >= keep; i--) {
            entryBytes -= entries.remove(i).sizeBytes();
        }
        for (Entry e : ents) {
            batch.put(ColumnFamily.RAFT, Keys.logKey(regionId, e.index()), Codec.encodeEntry(e));
            entries.add(e);
            entryBytes += e.sizeBytes();
        }
        long newLast = lastIndex();
        for (long i = newLast + 1; i <= oldLast; i++) {
            batch.delete(ColumnFamily.RAFT, Keys.logKey(regionId, i));
        }
    }

    void setHardState(EngineBatch batch, HardState hs) {
        hardState = hs;
        batch.put(ColumnFamily.RAFT, Keys.hardStateKey(regionId), Codec.encodeHardState(hs));
    }

    /** Records that entries up to {@code index} are applied, atomically with the data they wrote. */
    void setApplied(EngineBatch batch, long index) {
        applyState = new ApplyState(index, applyState.truncatedIndex(), applyState.truncatedTerm());
        batch.put(ColumnFamily.RAFT, Keys.applyStateKey(regionId), applyState.encode());
    }

    void setRegionState(EngineBatch batch, RegionLocalState state) {
        regionState = state;
        batch.put(ColumnFamily.RAFT, Keys.regionStateKey(regionId), state.toByteArray());
    }

    /** Replaces the log with a received snapshot (its data was ingested before). */
    void applySnapshot(EngineBatch batch, Snapshot snap, RegionLocalState state) {
        for (long i = firstIndex(); i <= lastIndex(); i++) {
            batch.delete(ColumnFamily.RAFT, Keys.logKey(regionId, i));
        }
        entries.clear();
        entryBytes = 0;
        applyState = new ApplyState(snap.index(), snap.index(), snap.term());
        batch.put(ColumnFamily.RAFT, Keys.applyStateKey(regionId), applyState.encode());
        setRegionState(batch, state);
    }

    /** Discards the log up to and including {@code index}, which must be applied. */
    void compact(EngineBatch batch, long index) {
        long trunc = applyState.truncatedIndex();
        if (index <= trunc) {
            return;
        }
        if (index > applyState.applied()) {
            throw new IllegalArgumentException("index: " + index + " is beyond the applied index " + applyState.applied());
        }
        long term = term(index);
        for (long i = trunc + 1; i <= index; i++) {
            batch.delete(ColumnFamily.RAFT, Keys.logKey(regionId, i));
        }
        List<Entry> gone = entries.subList(0, (int) (index - trunc));
        for (Entry e : gone) {
            entryBytes -= e.sizeBytes();
        }
        gone.clear();
        applyState = new ApplyState(applyState.applied(), index, term);
        batch.put(ColumnFamily.RAFT, Keys.applyStateKey(regionId), applyState.encode());
    }

    /** Deletes everything this region stored in the RAFT family except its tombstone. */
    void destroy(EngineBatch batch, RegionLocalState tombstone) {
        for (long i = firstIndex(); i <= lastIndex(); i++) {
            batch.delete(ColumnFamily.RAFT, Keys.logKey(regionId, i));
        }
        entries.clear();
        entryBytes = 0;
        batch.delete(ColumnFamily.RAFT, Keys.hardStateKey(regionId));
        batch.delete(ColumnFamily.RAFT, Keys.applyStateKey(regionId));
        setRegionState(batch, tombstone);
    }

    /** The hard state last written to the batch (durable once that batch is). */
    HardState hardState() {
        return hardState;
    }

    long applied() {
        return applyState.applied();
    }

    long entryBytes() {
        return entryBytes;
    }

    RegionLocalState regionState() {
        return regionState;
    }

    boolean isInitialized() {
        return regionState.getRegion().getPeersCount() > 0 && applyState.applied() > 0;
    }
}
