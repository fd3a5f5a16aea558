package io.managedkvs.raftkv.store.engine;

/** Reads of one engine state: the live engine, a batch seen over it, or a point-in-time view. */
public interface EngineReader {

    /** The value of {@code key}, or null. */
    byte[] get(ColumnFamily cf, byte[] key);

    /**
     * Visits the pairs with keys in [start, end) in unsigned byte order until the visitor returns
     * false. A null {@code end} means no upper bound.
     */
    void scan(ColumnFamily cf, byte[] start, byte[] end, KeyVisitor visitor);
}
