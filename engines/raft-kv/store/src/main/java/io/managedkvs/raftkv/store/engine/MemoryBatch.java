package io.managedkvs.raftkv.store.engine;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** {@link MemoryEngine}'s batch: an ordered list of writes plus an overlay for reads through it. */
final class MemoryBatch implements EngineBatch {

    /** A write; a null value deletes. */
    record Op(ColumnFamily cf, byte[] key, byte[] value) {
    }

    private static final byte[] DELETED = new byte[0];

    private final MemoryEngine engine;
    private final List<Op> ops = new ArrayList<>();
    private final Map<ColumnFamily, TreeMap<byte[], byte[]>> overlay = new EnumMap<>(ColumnFamily.class);

    MemoryBatch(MemoryEngine engine) {
        this.engine = engine;
        for (ColumnFamily cf : ColumnFamily.values()) {
            overlay.put(cf, new TreeMap<>(ByteKeys.ORDER));
        }
    }

    List<Op> ops() {
        return ops;
    }

    @Override
    public void put(ColumnFamily cf, byte[] key, byte[] value) {
        ops.add(new Op(cf, key, value));
        overlay.get(cf).put(key, value);
    }

    @Override
    public void delete(ColumnFamily cf, byte[] key) {
        ops.add(new Op(cf, key, null));
        overlay.get(cf).put(key, DELETED);
    }

    @Override
    public void deleteRange(ColumnFamily cf, byte[] start, byte[] end) {
        List<byte[]> keys = new ArrayList<>();
        scan(cf, start, end, (k, v) -> keys.add(k));
        for (byte[] k : keys) {
            delete(cf, k);
        }
    }

    @Override
    public byte[] get(ColumnFamily cf, byte[] key) {
        byte[] v = overlay.get(cf).get(key);
        if (v != null) {
            return v == DELETED ? null : v;
        }
        return engine.get(cf, key);
    }

    @Override
    public void scan(ColumnFamily cf, byte[] start, byte[] end, KeyVisitor visitor) {
        TreeMap<byte[], byte[]> merged = new TreeMap<>(ByteKeys.ORDER);
        engine.scan(cf, start, end, (k, v) -> {
            merged.put(k, v);
            return true;
        });
        NavigableMap<byte[], byte[]> mine = MemoryEngine.range(overlay.get(cf), start, end);
        for (Map.Entry<byte[], byte[]> e : mine.entrySet()) {
            if (e.getValue() == DELETED) {
                merged.remove(e.getKey());
            } else {
                merged.put(e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<byte[], byte[]> e : merged.entrySet()) {
            if (!visitor.visit(e.getKey(), e.getValue())) {
                return;
            }
        }
    }

    @Override
    public int count() {
        return ops.size();
    }

    @Override
    public void clear() {
        ops.clear();
        overlay.values().forEach(TreeMap::clear);
    }

    @Override
    public void close() {
        clear();
    }
}
