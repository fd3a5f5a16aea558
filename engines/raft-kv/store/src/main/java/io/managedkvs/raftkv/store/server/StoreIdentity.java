package io.managedkvs.raftkv.store.server;

import io.managedkvs.raftkv.store.engine.ColumnFamily;
import io.managedkvs.raftkv.store.engine.EngineBatch;
import io.managedkvs.raftkv.store.engine.StorageEngine;
import io.managedkvs.raftkv.store.raftstore.Keys;
import java.nio.ByteBuffer;

/** The store's id and its cluster's id, persisted on first start so that a restart keeps them. */
record StoreIdentity(long clusterId, long storeId) {

    static StoreIdentity load(StorageEngine engine) {
        byte[] v = engine.get(ColumnFamily.RAFT, Keys.STORE_IDENT);
        if (v == null) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.wrap(v);
        return new StoreIdentity(buf.getLong(), buf.getLong());
    }

    void save(StorageEngine engine) {
        try (EngineBatch batch = engine.newBatch()) {
            batch.put(ColumnFamily.RAFT, Keys.STORE_IDENT, ByteBuffer.allocate(16).putLong(clusterId).putLong(storeId).array());
            engine.write(batch, true);
        }
    }
}
