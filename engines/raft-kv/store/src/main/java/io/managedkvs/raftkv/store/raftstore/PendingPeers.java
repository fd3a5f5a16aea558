package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.transport.RegionLocalState;
import io.managedkvs.raftkv.store.engine.EngineBatch;

/**
 * Peers a region's log named (a PeerStore command) before the membership change that adds them:
 * their stores are kept in the region's persisted state, written in the batch that applies the
 * command, so a replica restarted between the two entries can still address the new peer. A
 * snapshot taken between the two carries them ({@code SnapshotData.pending_peers}).
 */
final class PendingPeers {

    private PendingPeers() {
    }

    /** Applies a PeerStore command: remembers {@code p}'s store in memory and in the round's batch. */
    static void record(RegionPeer peer, PeerStorage storage, Peer p, EngineBatch batch) {
        peer.peerStores.put(p.getId(), p.getStoreId());
        RegionLocalState state = storage.regionState();
        RegionLocalState.Builder b = state.toBuilder().clearPendingPeers();
        for (Peer pending : state.getPendingPeersList()) {
            if (pending.getId() != p.getId()) {
                b.addPendingPeers(pending);
            }
        }
        storage.setRegionState(batch, b.addPendingPeers(p).build());
    }

    /** Learns the stores of {@code state}'s pending peers (a snapshot just brought them). */
    static void remember(RegionPeer peer, RegionLocalState state) {
        for (Peer p : state.getPendingPeersList()) {
            peer.peerStores.put(p.getId(), p.getStoreId());
        }
    }

    /** The pending peers of {@code state} that {@code conf} does not hold yet (the others are in the region now). */
    static RegionLocalState.Builder keepNonMembers(RegionLocalState.Builder state, ConfState conf) {
        var pending = state.getPendingPeersList().stream().filter(p -> !conf.isMember(p.getId())).toList();
        return state.clearPendingPeers().addAllPendingPeers(pending);
    }
}
