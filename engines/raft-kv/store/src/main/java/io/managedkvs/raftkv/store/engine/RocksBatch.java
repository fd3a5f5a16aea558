package io.managedkvs.raftkv.store.engine;

import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatchWithIndex;

/** {@link RocksEngine}'s batch: a WriteBatchWithIndex, so reads see the batch over the database. */
final class RocksBatch implements EngineBatch {

    private final RocksEngine engine;
    private final WriteBatchWithIndex batch;
    private final ReadOptions readOptions;

    RocksBatch(RocksEngine engine, WriteBatchWithIndex batch, ReadOptions readOptions) {
        this.engine = engine;
        this.batch = batch;
        this.readOptions = readOptions;
    }

    WriteBatchWithIndex raw() {
        return batch;
    }

    @Override
    public void put(ColumnFamily cf, byte[] key, byte[] value) {
        try {
            batch.put(engine.handle(cf), key, value);
        } catch (RocksDBException e) {
            throw new StorageException("batch put failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(ColumnFamily cf, byte[] key) {
        try {
            batch.delete(engine.handle(cf), key);
        } catch (RocksDBException e) {
            throw new StorageException("batch delete failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteRange(ColumnFamily cf, byte[] start, byte[] end) {
        // An indexed batch cannot hold range deletions; the ranges deleted here are a region's log
        // tail or a key range a command names, bounded by what the region holds.
        List<byte[]> keys = new ArrayList<>();
        scan(cf, start, end, (k, v) -> keys.add(k));
        for (byte[] k : keys) {
            delete(cf, k);
        }
    }

    @Override
    public byte[] get(ColumnFamily cf, byte[] key) {
        try {
            return batch.getFromBatchAndDB(engine.db(), engine.handle(cf), readOptions, key);
        } catch (RocksDBException e) {
            throw new StorageException("batch get failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void scan(ColumnFamily cf, byte[] start, byte[] end, KeyVisitor visitor) {
        try (RocksIterator base = engine.db().newIterator(engine.handle(cf), readOptions);
             RocksIterator it = batch.newIteratorWithBase(engine.handle(cf), base)) {
            RocksEngine.visit(it, start, end, visitor);
        }
    }

    @Override
    public int count() {
        return batch.count();
    }

    @Override
    public void clear() {
        batch.clear();
    }

    @Override
    public void close() {
        batch.close();
    }
}
