package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raft.message.Message;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.store.engine.StorageEngine;
import io.managedkvs.raftkv.store.metrics.StoreMetrics;

/** What a region peer needs of the store that holds it. */
public interface StoreContext {

    long storeId();

    StorageEngine engine();

    SnapshotRegistry snapshots();

    StoreMetrics metrics();

    RaftStoreConfig config();

    /** Puts the peer on the batch system's queue (it has work). */
    void schedule(RegionPeer peer);

    /** Queues a Raft message for the peer's store; sent when the poller flushes. */
    void send(RegionPeer from, Region region, Message message, long toStoreId);

    /** Tells peer {@code toPeerId} on {@code toStoreId} that it was removed from {@code region}. */
    void sendTombstone(RegionPeer from, Region region, long toPeerId, long toStoreId);

    /** Creates and starts the peer of a region a split produced here. */
    void splitApplied(RegionPeer parent, Region left, Region right, boolean wasLeader);

    /** Forgets a peer removed from its region (its state is already deleted). */
    void peerDestroyed(RegionPeer peer);

    /** Asks PD for the ids of a split of {@code region} at {@code splitKey}, then proposes it. Off the poller. */
    void requestSplit(RegionPeer peer, Region region, byte[] splitKey);

    /** Whether this store holds an initialized peer of {@code regionId}. */
    boolean hasInitializedRegion(long regionId);

    /** A region changed leader or shape: heartbeat PD soon. */
    void regionChanged(RegionPeer peer);
}
