package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.PeerRole;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.meta.RegionEpoch;
import io.managedkvs.raftkv.proto.transport.RaftCommand;
import io.managedkvs.raftkv.proto.transport.SplitCommand;
import io.managedkvs.raftkv.store.engine.ByteKeys;
import io.managedkvs.raftkv.store.engine.EngineBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a split at the same log index on every replica: the region keeps [start, split) under its
 * id, and a new region takes [split, end) with one new peer beside each old one. Both halves get
 * version + 1, so requests made before the split are refused with EpochNotMatch. No data moves:
 * data keys carry no region id. The new region's member beside the parent's leader is elected at
 * once; see {@link #splitLeader}.
 */
final class SplitApplier {

    private SplitApplier() {
    }

    static ApplyResult apply(RegionPeer peer, StoreContext store, Region region, RaftCommand cmd, EngineBatch batch,
                             PollContext ctx) {
        SplitCommand split = cmd.getSplit();
        RegionEpoch epoch = region.getEpoch();
        if (cmd.getEpoch().getVersion() != epoch.getVersion() || cmd.getEpoch().getConfVer() != epoch.getConfVer()) {
            return ApplyResult.error(RegionErrors.epochNotMatch(region.getId(), List.of(region)));
        }
        byte[] key = split.getSplitKey().toByteArray();
        if (ByteKeys.compare(key, region.getStartKey().toByteArray()) <= 0 || !RegionRange.contains(region, key)
                || split.getNewPeerIdsCount() != region.getPeersCount()) {
            return ApplyResult.error(RegionErrors.keyNotInRegion(key, region));
        }
        RegionEpoch next = epoch.toBuilder().setVersion(epoch.getVersion() + 1).build();
        Region left = region.toBuilder().setEndKey(split.getSplitKey()).setEpoch(next).build();
        Region.Builder right = Region.newBuilder().setId(split.getNewRegionId()).setStartKey(split.getSplitKey())
                .setEndKey(region.getEndKey()).setEpoch(next);
        List<Long> voters = new ArrayList<>();
        List<Long> learners = new ArrayList<>();
        for (int i = 0; i < region.getPeersCount(); i++) {
            Peer old = region.getPeers(i);
            long id = split.getNewPeerIds(i);
            right.addPeers(Peer.newBuilder().setId(id).setStoreId(old.getStoreId()).setRole(old.getRole()));
            (old.getRole() == PeerRole.VOTER ? voters : learners).add(id);
        }
        Region rightRegion = right.build();
        PeerStorage storage = peer.storage();
        storage.setRegionState(batch, storage.regionState().toBuilder().setRegion(left).build());
        boolean create = store.claimSplitRegion(rightRegion.getId());
        if (create) {
            PeerStorage.writeFounding(batch, rightRegion, ConfState.of(voters, learners));
        }
        peer.setRegion(left);
        peer.resetWrittenSinceCheck();
        boolean wasLeader = peer.isLeader();
        long splitLeader = splitLeader(peer.leaderPeer(), rightRegion);
        ctx.afterWrite(() -> store.splitApplied(peer, left, rightRegion, wasLeader, create, splitLeader));
        return ApplyResult.OK;
    }

    /**
     * The new region's member on the store of the parent's leader as this store's parent peer knows
     * it (itself, if it leads): the one member that may be elected at once (docs/raft.md, "Splits").
     * 0 if it knows no leader.
     */
    static long splitLeader(Peer parentLeader, Region right) {
        if (parentLeader == null) {
            return 0;
        }
        for (Peer p : right.getPeersList()) {
            if (p.getStoreId() == parentLeader.getStoreId() && p.getRole() == PeerRole.VOTER) {
                return p.getId();
            }
        }
        return 0;
    }
}
