package io.managedkvs.raftkv.pd.raft;

import io.managedkvs.raft.Ready;
import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.HardState;
import io.managedkvs.raft.message.Snapshot;
import io.managedkvs.raft.storage.InitialState;
import io.managedkvs.raft.storage.MemoryStorage;
import io.managedkvs.raft.storage.RaftStorage;
import io.managedkvs.raftkv.proto.raft.SnapshotMeta;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * PD's Raft log and snapshot, kept in memory (PD's log is short: it is compacted into a snapshot
 * every few thousand entries) and mirrored into RocksDB, written in one synced batch per Ready.
 * RocksDB rather than a file of our own: atomic batches, checksums and crash recovery come with it,
 * and the store uses it too, so operators handle one kind of data directory.
 */
public final class DurableRaftLog implements RaftStorage, AutoCloseable {

    private static final byte[] HARD_STATE = {'h'};
    private static final byte[] SNAPSHOT = {'s'};
    private static final byte ENTRY_PREFIX = 'e';

    static {
        RocksDB.loadLibrary();
    }

    private final RocksDB db;
    private final Options options;
    private final WriteOptions syncWrite;
    private final MemoryStorage memory;

    /**
     * Opens the log in {@code dir}, or creates it for a founding member of a group of {@code initial}
     * members.
     */
    public DurableRaftLog(Path dir, ConfState initial) {
        try {
            Files.createDirectories(dir);
            this.options = new Options().setCreateIfMissing(true);
            this.db = RocksDB.open(options, dir.toString());
            this.syncWrite = new WriteOptions().setSync(true);
            byte[] snap = db.get(SNAPSHOT);
            if (snap == null) {
                memory = new MemoryStorage(initial);
                try (WriteBatch batch = new WriteBatch()) {
                    batch.put(SNAPSHOT, RaftWire.toProto(memory.snapshot()).toByteArray());
                    batch.put(HARD_STATE, encode(memory.hardState()));
                    db.write(syncWrite, batch);
                }
            } else {
                memory = load(SnapshotMeta.parseFrom(snap));
            }
        } catch (RocksDBException | java.io.IOException e) {
            throw new IllegalStateException("cannot open the Raft log in " + dir + ": " + e.getMessage(), e);
        }
    }

    private MemoryStorage load(SnapshotMeta snap) throws RocksDBException {
        Snapshot s = RaftWire.fromProto(snap);
        MemoryStorage m = new MemoryStorage(ConfState.EMPTY);
        if (s.index() > 0) {
            m.applySnapshot(s);
        }
        List<Entry> entries = new ArrayList<>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(entryKey(s.index() + 1)); it.isValid() && it.key()[0] == ENTRY_PREFIX; it.next()) {
                try {
                    entries.add(RaftWire.fromProto(io.managedkvs.raftkv.proto.raft.Entry.parseFrom(it.value())));
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    throw new IllegalStateException("corrupt Raft log entry at key " + ByteBuffer.wrap(it.key(), 1, 8).getLong(), e);
                }
            }
        }
        m.append(entries);
        byte[] hs = db.get(HARD_STATE);
        if (hs != null) {
            ByteBuffer b = ByteBuffer.wrap(hs);
            m.setHardState(new HardState(b.getLong(), b.getLong(), b.getLong()));
        }
        return m;
    }

    /** Persists what {@code rd} asks, durably when it must, before its messages may go out. */
    public void persist(Ready rd) {
        if (!rd.mustSync()) {
            return;
        }
        try (WriteBatch batch = new WriteBatch()) {
            if (rd.snapshot() != null) {
                Snapshot s = rd.snapshot();
                batch.put(SNAPSHOT, RaftWire.toProto(s).toByteArray());
                batch.deleteRange(entryKey(0), entryKey(s.index() + 1));
                memory.applySnapshot(s);
            }
            if (!rd.entries().isEmpty()) {
                long oldLast = memory.lastIndex();
                for (Entry e : rd.entries()) {
                    batch.put(entryKey(e.index()), RaftWire.toProto(e).toByteArray());
                }
                long newLast = rd.entries().get(rd.entries().size() - 1).index();
                if (newLast < oldLast) {
                    batch.deleteRange(entryKey(newLast + 1), entryKey(oldLast + 1));
                }
                memory.append(rd.entries());
            }
            if (rd.hardState() != null) {
                batch.put(HARD_STATE, encode(rd.hardState()));
                memory.setHardState(rd.hardState());
            }
            db.write(syncWrite, batch);
        } catch (RocksDBException e) {
            // A log that cannot be written cannot promise anything to peers: stop here.
            throw new IllegalStateException("cannot persist the Raft log: " + e.getMessage(), e);
        }
    }

    /** Replaces the log up to {@code index} (applied) with a snapshot of the state machine. */
    public void compact(long index, ConfState conf, byte[] data) {
        Snapshot s = memory.createSnapshot(index, conf, data);
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(SNAPSHOT, RaftWire.toProto(s).toByteArray());
            batch.deleteRange(entryKey(0), entryKey(index + 1));
            db.write(syncWrite, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot compact the Raft log: " + e.getMessage(), e);
        }
        memory.compact(index);
    }

    @Override
    public InitialState initialState() {
        return memory.initialState();
    }

    @Override
    public List<Entry> entries(long lo, long hi, long maxBytes) {
        return memory.entries(lo, hi, maxBytes);
    }

    @Override
    public long term(long index) {
        return memory.term(index);
    }

    @Override
    public long firstIndex() {
        return memory.firstIndex();
    }

    @Override
    public long lastIndex() {
        return memory.lastIndex();
    }

    @Override
    public Snapshot snapshot() {
        return memory.snapshot();
    }

    @Override
    public void close() {
        db.close();
        syncWrite.close();
        options.close();
    }

    private static byte[] entryKey(long index) {
        return ByteBuffer.allocate(9).put(ENTRY_PREFIX).putLong(index).array();
    }

    private static byte[] encode(HardState hs) {
        return ByteBuffer.allocate(24).putLong(hs.term()).putLong(hs.vote()).putLong(hs.commit()).array();
    }
}
