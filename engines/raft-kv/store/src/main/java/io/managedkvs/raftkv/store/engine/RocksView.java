package io.managedkvs.raftkv.store.engine;

import java.io.IOException;
import java.nio.file.Path;
import org.rocksdb.EnvOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.SstFileWriter;

/** A RocksDB snapshot; exports write SST files that {@link RocksEngine#ingest} takes as they are. */
final class RocksView implements EngineView {

    private final RocksEngine engine;
    private final Snapshot snapshot;
    private final ReadOptions readOptions;

    RocksView(RocksEngine engine, Snapshot snapshot) {
        this.engine = engine;
        this.snapshot = snapshot;
        this.readOptions = new ReadOptions().setSnapshot(snapshot);
    }

    @Override
    public byte[] get(ColumnFamily cf, byte[] key) {
        try {
            return engine.db().get(engine.handle(cf), readOptions, key);
        } catch (RocksDBException e) {
            throw new StorageException("get failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void scan(ColumnFamily cf, byte[] start, byte[] end, KeyVisitor visitor) {
        try (RocksIterator it = engine.db().newIterator(engine.handle(cf), readOptions)) {
            RocksEngine.visit(it, start, end, visitor);
        }
    }

    @Override
    public long export(ColumnFamily cf, byte[] start, byte[] end, Path file) throws IOException {
        try (EnvOptions env = new EnvOptions(); Options options = new Options();
             SstFileWriter writer = new SstFileWriter(env, options);
             RocksIterator it = engine.db().newIterator(engine.handle(cf), readOptions)) {
            long count = 0;
            for (it.seek(start); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (end != null && ByteKeys.compare(key, end) >= 0) {
                    break;
                }
                if (count == 0) {
                    writer.open(file.toString());
                }
                writer.put(key, it.value());
                count++;
            }
            if (count > 0) {
                writer.finish();
            }
            return count;
        } catch (RocksDBException e) {
            throw new IOException("export to " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        readOptions.close();
        engine.release(snapshot);
    }
}
