package io.managedkvs.raftkv.store.engine;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What a store needs of its storage: two column families, atomic batches with optional fsync,
 * point-in-time views, and bulk ingestion of exported files. {@link RocksEngine} is the real one;
 * {@link MemoryEngine} passes the same contract tests and keeps raft-store tests free of disk.
 * Reads are thread-safe; writes come from the store's poller threads.
 */
public interface StorageEngine extends EngineReader, AutoCloseable {

    /** A new, empty batch. */
    EngineBatch newBatch();

    /** Writes the batch atomically; with {@code sync} it is durable when this returns. */
    void write(EngineBatch batch, boolean sync);

    /** A consistent image of the current state; close it when done. */
    EngineView view();

    /**
     * Adds the pairs of a file made by {@link EngineView#export} to {@code cf}, replacing the values
     * of keys it holds. Durable when this returns.
     */
    void ingest(ColumnFamily cf, Path file) throws IOException;

    /** Approximate bytes stored for keys in [start, end) (null end: no bound). */
    long approximateSize(ColumnFamily cf, byte[] start, byte[] end);

    @Override
    void close();
}
