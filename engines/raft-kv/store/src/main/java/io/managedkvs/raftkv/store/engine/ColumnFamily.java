package io.managedkvs.raftkv.store.engine;

/**
 * The two key spaces of a store. Raft state (logs, hard states, apply states, region
 * descriptions, the store's identity) and user data live apart so that their compaction and
 * snapshot export never mix, yet one write batch spans both: applying a command writes the data
 * and the applied index atomically.
 */
public enum ColumnFamily {
    RAFT("raft"),
    DATA("default");

    private final String rocksName;

    ColumnFamily(String rocksName) {
        this.rocksName = rocksName;
    }

    /** The column family's name in RocksDB; DATA is RocksDB's default family. */
    public String rocksName() {
        return rocksName;
    }
}
