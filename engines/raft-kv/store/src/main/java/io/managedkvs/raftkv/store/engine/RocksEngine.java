package io.managedkvs.raftkv.store.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.IngestExternalFileOptions;
import org.rocksdb.Range;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatchWithIndex;
import org.rocksdb.WriteOptions;

/** The store's engine: one RocksDB with a column family for Raft state and one for data. */
public final class RocksEngine implements StorageEngine {

    static {
        RocksDB.loadLibrary();
    }

    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final RocksDB db;
    private final Map<ColumnFamily, ColumnFamilyHandle> handles = new EnumMap<>(ColumnFamily.class);
    private final List<ColumnFamilyHandle> handleList = new ArrayList<>();
    private final WriteOptions syncWrite = new WriteOptions().setSync(true);
    private final WriteOptions asyncWrite = new WriteOptions().setSync(false);
    private final ReadOptions readOptions = new ReadOptions();
    private final Path dir;

    /** Opens (creating if needed) the engine in {@code dir}. */
    public RocksEngine(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                    .setMaxBackgroundJobs(2);
            cfOptions = new ColumnFamilyOptions().setCompressionType(CompressionType.LZ4_COMPRESSION);
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            for (ColumnFamily cf : ColumnFamily.values()) {
                descriptors.add(new ColumnFamilyDescriptor(cf.rocksName().getBytes(), cfOptions));
            }
            db = RocksDB.open(dbOptions, dir.toString(), descriptors, handleList);
            ColumnFamily[] cfs = ColumnFamily.values();
            for (int i = 0; i < cfs.length; i++) {
                handles.put(cfs[i], handleList.get(i));
            }
        } catch (RocksDBException | IOException e) {
            throw new StorageException("cannot open RocksDB in " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    ColumnFamilyHandle handle(ColumnFamily cf) {
        return handles.get(cf);
    }

    RocksDB db() {
        return db;
    }

    @Override
    public byte[] get(ColumnFamily cf, byte[] key) {
        try {
            return db.get(handles.get(cf), readOptions, key);
        } catch (RocksDBException e) {
            throw new StorageException("get failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void scan(ColumnFamily cf, byte[] start, byte[] end, KeyVisitor visitor) {
        try (RocksIterator it = db.newIterator(handles.get(cf), readOptions)) {
            visit(it, start, end, visitor);
        }
    }

    static void visit(RocksIterator it, byte[] start, byte[] end, KeyVisitor visitor) {
        for (it.seek(start); it.isValid(); it.next()) {
            byte[] key = it.key();
            if (end != null && ByteKeys.compare(key, end) >= 0) {
                return;
            }
            if (!visitor.visit(key, it.value())) {
                return;
            }
        }
    }

    @Override
    public EngineBatch newBatch() {
        return new RocksBatch(this, new WriteBatchWithIndex(true), readOptions);
    }

    @Override
    public void write(EngineBatch batch, boolean sync) {
        try {
            db.write(sync ? syncWrite : asyncWrite, ((RocksBatch) batch).raw());
        } catch (RocksDBException e) {
            throw new StorageException("write failed: " + e.getMessage(), e);
        }
    }

    @Override
    public EngineView view() {
        Snapshot snapshot = db.getSnapshot();
        return new RocksView(this, snapshot);
    }

    void release(Snapshot snapshot) {
        db.releaseSnapshot(snapshot);
    }

    @Override
    public void ingest(ColumnFamily cf, Path file) throws IOException {
        try (IngestExternalFileOptions options = new IngestExternalFileOptions().setMoveFiles(false)) {
            db.ingestExternalFile(handles.get(cf), List.of(file.toString()), options);
        } catch (RocksDBException e) {
            throw new IOException("ingest of " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long approximateSize(ColumnFamily cf, byte[] start, byte[] end) {
        byte[] upper = end == null ? new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff} : end;
        try (Slice s = new Slice(start); Slice e = new Slice(upper)) {
            long[] sizes = db.getApproximateSizes(handles.get(cf), List.of(new Range(s, e)),
                    org.rocksdb.SizeApproximationFlag.INCLUDE_FILES, org.rocksdb.SizeApproximationFlag.INCLUDE_MEMTABLES);
            return sizes[0];
        }
    }

    @Override
    public void close() {
        for (ColumnFamilyHandle h : handleList) {
            h.close();
        }
        db.close();
        syncWrite.close();
        asyncWrite.close();
        readOptions.close();
        cfOptions.close();
        dbOptions.close();
    }
}
