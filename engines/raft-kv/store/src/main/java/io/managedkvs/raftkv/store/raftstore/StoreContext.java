package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raft.message.Message;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.store.engine.StorageEngine;
import io.managedkvs.raftkv.store.metrics.StoreMetrics;

/** What a region peer needs of the store that holds it. */
public interface StoreContext {

    /**
     * What a request made for {@code current}'s region at version {@code staleVersion} should be
     * told in EpochNotMatch: the region as it is now, followed by the regions split off to its right
     * since, so a client can route every key of its old range without asking PD.
     */
    java.util.List<Region> regionsSince(Region current, long staleVersion);

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

    /**
     * Claims the id of a region a split is about to create here: true if this store holds no peer of
     * it (the split creates it), false if one exists already (it was created for a message and
     * gets the region's state from a snapshot). While claimed, messages never create the peer.
     */
    boolean claimSplitRegion(long regionId);

    /**
     * Creates and starts the peer of a region a split produced here, if {@code created} claimed it;
     * {@code splitLeader} is the new region's member beside the parent's leader as known here (0 if
     * unknown), which may be elected at once.
     */
    void splitApplied(RegionPeer parent, Region left, Region right, boolean wasLeader, boolean created, long splitLeader);

    /** Forgets a peer removed from its region (its state is already deleted). */
    void peerDestroyed(RegionPeer peer);

    /** Asks PD for the ids of a split of {@code region} at {@code splitKey}, then proposes it. Off the poller. */
    void requestSplit(RegionPeer peer, Region region, byte[] splitKey);

    /** A region changed leader or shape: heartbeat PD soon. */
    void regionChanged(RegionPeer peer);
}
