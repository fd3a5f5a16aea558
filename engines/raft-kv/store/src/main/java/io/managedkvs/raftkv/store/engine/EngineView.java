package io.managedkvs.raftkv.store.engine;

import java.io.IOException;
import java.nio.file.Path;

/** A point-in-time image of the engine, unaffected by later writes: what a region snapshot is cut from. */
public interface EngineView extends EngineReader, AutoCloseable {

    /**
     * Writes the pairs of {@code cf} with keys in [start, end) to {@code file} in the format
     * {@link StorageEngine#ingest} takes. Writes no file and returns 0 when the range is empty.
     *
     * @return the number of pairs written
     */
    long export(ColumnFamily cf, byte[] start, byte[] end, Path file) throws IOException;

    @Override
    void close();
}
