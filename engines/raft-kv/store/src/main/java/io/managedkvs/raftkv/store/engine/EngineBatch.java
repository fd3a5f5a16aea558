package io.managedkvs.raftkv.store.engine;

/**
 * Writes collected for one atomic {@link StorageEngine#write}. Reads through the batch see its own
 * writes over the engine's state, so commands applied in one batch see each other's effects.
 * Not thread-safe: one batch belongs to one poller thread.
 */
public interface EngineBatch extends EngineReader, AutoCloseable {

    void put(ColumnFamily cf, byte[] key, byte[] value);

    void delete(ColumnFamily cf, byte[] key);

    /** Deletes every key in [start, end) as seen through this batch; a null end means no bound. */
    void deleteRange(ColumnFamily cf, byte[] start, byte[] end);

    /** Number of writes collected since the last {@link #clear()}. */
    int count();

    default boolean isEmpty() {
        return count() == 0;
    }

    /** Forgets every write, so the batch can be reused for the next round. */
    void clear();

    @Override
    void close();
}
