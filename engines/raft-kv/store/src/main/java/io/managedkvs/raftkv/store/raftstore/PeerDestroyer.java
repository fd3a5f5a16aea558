package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.transport.RegionLocalState;
import io.managedkvs.raftkv.store.engine.ColumnFamily;
import io.managedkvs.raftkv.store.engine.EngineBatch;

/**
 * Removes a peer that left its region: its Raft state and its data go, a tombstone stays so that
 * stale messages for the region never recreate it.
 */
final class PeerDestroyer {

    private PeerDestroyer() {
    }

    static void destroy(RegionPeer peer) {
        StoreContext store = peer.store();
        PeerStorage storage = peer.storage();
        Region region = peer.region();
        try (EngineBatch batch = store.engine().newBatch()) {
            if (storage.isInitialized()) {
                batch.deleteRange(ColumnFamily.DATA, Keys.dataKey(region.getStartKey().toByteArray()),
                        Keys.dataEnd(region.getEndKey().toByteArray()));
            }
            storage.destroy(batch, RegionLocalState.newBuilder().setRegion(region)
                    .setConfState(storage.regionState().getConfState()).setTombstone(true).build());
            store.engine().write(batch, true);
        }
        peer.markDestroyed();
        store.peerDestroyed(peer);
    }
}
