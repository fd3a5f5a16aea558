package io.managedkvs.raftkv.store.engine;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An engine held in memory, for tests of the raft store that need no disk. Writes are atomic with
 * respect to readers (one lock); "durable" means kept by this object, so a test restarts a store by
 * building a new store over the same engine.
 */
public final class MemoryEngine implements StorageEngine {

    private final Map<ColumnFamily, TreeMap<byte[], byte[]>> families = new EnumMap<>(ColumnFamily.class);
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    public MemoryEngine() {
        for (ColumnFamily cf : ColumnFamily.values()) {
            families.put(cf, new TreeMap<>(ByteKeys.ORDER));
        }
    }

    @Override
    public byte[] get(ColumnFamily cf, byte[] key) {
        lock.readLock().lock();
        try {
            return families.get(cf).get(key);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void scan(ColumnFamily cf, byte[] start, byte[] end, KeyVisitor visitor) {
        // Copy the range under the lock so that the visitor runs without it (it may take long).
        NavigableMap<byte[], byte[]> copy;
        lock.readLock().lock();
        try {
            copy = new TreeMap<>(range(families.get(cf), start, end));
        } finally {
            lock.readLock().unlock();
        }
        for (Map.Entry<byte[], byte[]> e : copy.entrySet()) {
            if (!visitor.visit(e.getKey(), e.getValue())) {
                return;
            }
        }
    }

    static NavigableMap<byte[], byte[]> range(NavigableMap<byte[], byte[]> map, byte[] start, byte[] end) {
        return end == null ? map.tailMap(start, true) : map.subMap(start, true, end, false);
    }

    @Override
    public EngineBatch newBatch() {
        return new MemoryBatch(this);
    }

    @Override
    public void write(EngineBatch batch, boolean sync) {
        MemoryBatch b = (MemoryBatch) batch;
        lock.writeLock().lock();
        try {
            for (MemoryBatch.Op op : b.ops()) {
                TreeMap<byte[], byte[]> map = families.get(op.cf());
                if (op.value() == null) {
                    map.remove(op.key());
                } else {
                    map.put(op.key(), op.value());
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public EngineView view() {
        Map<ColumnFamily, TreeMap<byte[], byte[]>> copy = new EnumMap<>(ColumnFamily.class);
        lock.readLock().lock();
        try {
            families.forEach((cf, map) -> copy.put(cf, new TreeMap<>(map)));
        } finally {
            lock.readLock().unlock();
        }
        return new MemoryView(copy);
    }

    @Override
    public void ingest(ColumnFamily cf, Path file) throws IOException {
        TreeMap<byte[], byte[]> pairs = new TreeMap<>(ByteKeys.ORDER);
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            while (true) {
                int klen;
                try {
                    klen = in.readInt();
                } catch (EOFException end) {
                    break;
                }
                byte[] key = in.readNBytes(klen);
                byte[] value = in.readNBytes(in.readInt());
                pairs.put(key, value);
            }
        }
        lock.writeLock().lock();
        try {
            families.get(cf).putAll(pairs);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public long approximateSize(ColumnFamily cf, byte[] start, byte[] end) {
        long[] size = {0};
        scan(cf, start, end, (k, v) -> {
            size[0] += k.length + v.length;
            return true;
        });
        return size[0];
    }

    @Override
    public void close() {
        // Nothing to release: the maps go with the object.
    }

    private record MemoryView(Map<ColumnFamily, TreeMap<byte[], byte[]>> families) implements EngineView {

        @Override
        public byte[] get(ColumnFamily cf, byte[] key) {
            return families.get(cf).get(key);
        }

        @Override
        public void scan(ColumnFamily cf, byte[] start, byte[] end, KeyVisitor visitor) {
            for (Map.Entry<byte[], byte[]> e : range(families.get(cf), start, end).entrySet()) {
                if (!visitor.visit(e.getKey(), e.getValue())) {
                    return;
                }
            }
        }

        @Override
        public long export(ColumnFamily cf, byte[] start, byte[] end, Path file) throws IOException {
            NavigableMap<byte[], byte[]> range = range(families.get(cf), start, end);
            if (range.isEmpty()) {
                return 0;
            }
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
                for (Map.Entry<byte[], byte[]> e : range.entrySet()) {
                    out.writeInt(e.getKey().length);
                    out.write(e.getKey());
                    out.writeInt(e.getValue().length);
                    out.write(e.getValue());
                }
            }
            return range.size();
        }

        @Override
        public void close() {
            // A copy: nothing to release.
        }
    }
}
