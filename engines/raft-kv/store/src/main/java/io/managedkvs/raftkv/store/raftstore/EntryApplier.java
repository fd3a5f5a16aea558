package io.managedkvs.raftkv.store.raftstore;

import com.google.protobuf.InvalidProtocolBufferException;
import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.membership.MembershipChanger;
import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.EntryType;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.PeerRole;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.transport.RaftCommand;
import io.managedkvs.raftkv.proto.transport.RegionLocalState;
import io.managedkvs.raftkv.store.engine.EngineBatch;
import java.util.List;

/**
 * Applies committed entries of one region, in order, into the round's batch together with the
 * new applied index, and matches them to waiting proposals by index and term.
 */
final class EntryApplier {

    private EntryApplier() {
    }

    /** Hot path: per entry the writes it makes, and a command parse where this peer did not propose it. */
    static void applyAll(RegionPeer peer, StoreContext store, PeerStorage storage, List<Entry> entries,
                         EngineBatch batch, PollContext ctx) {
        if (entries.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        for (Entry e : entries) {
            if (peer.isDestroyed()) {
                break;
            }
            ApplyResult result = ApplyResult.OK;
            if (e.type() == EntryType.CONF_CHANGE) {
                applyConfChange(peer, storage, e, batch, ctx);
            } else if (e.data().length > 0) {
                result = applyCommand(peer, store, e, batch, ctx);
            }
            answer(peer, e, result, ctx);
        }
        storage.setApplied(batch, entries.get(entries.size() - 1).index());
        store.metrics().applyLatency.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private static void answer(RegionPeer peer, Entry e, ApplyResult result, PollContext ctx) {
        while (!peer.proposals.isEmpty() && peer.proposals.peek().index() <= e.index()) {
            RegionPeer.PendingProposal p = peer.proposals.poll();
            if (p.index() == e.index() && p.term() == e.term()) {
                ctx.answer(p.callback(), result);
            } else {
                ctx.answer(p.callback(), ApplyResult.error(RegionErrors.notLeader(peer.regionId(), peer.leaderPeer())));
            }
        }
    }

    private static ApplyResult applyCommand(RegionPeer peer, StoreContext store, Entry e, EngineBatch batch, PollContext ctx) {
        RaftCommand cmd = peer.proposedCommand(e.index(), e.term());
        if (cmd == null) {
            try {
                cmd = RaftCommand.parseFrom(e.data());
            } catch (InvalidProtocolBufferException ex) {
                throw new IllegalStateException(peer + ": entry " + e.index() + " is not a command", ex);
            }
        }
        Region region = peer.region();
        switch (cmd.getCommandCase()) {
            case SPLIT:
                return SplitApplier.apply(peer, store, region, cmd, batch, ctx);
            case COMPACT_LOG:
                LogGc.apply(store, peer.storage(), cmd.getCompactLog(), batch);
                return ApplyResult.OK;
            case PURGE_EXPIRED:
                if (cmd.getEpoch().getVersion() != region.getEpoch().getVersion()) {
                    return ApplyResult.error(RegionErrors.epochNotMatch(region.getId(), List.of(region)));
                }
                store.metrics().expiredKeysPurged.increment(ExpiredKeyPurge.apply(region, cmd.getPurgeExpired(), cmd.getNowMs(), batch));
                return ApplyResult.OK;
            case PEER_STORE:
                PendingPeers.record(peer, peer.storage(), cmd.getPeerStore(), batch);
                return ApplyResult.OK;
            default:
                peer.written[0] = 0;
                ApplyResult r = CommandApplier.apply(region, cmd, batch, peer.written);
                peer.addWritten(peer.written[0]);
                if (r.error() != null && r.error().hasEpochNotMatch()) {
                    return ApplyResult.error(RegionErrors.epochNotMatch(region.getId(),
                            store.regionsSince(region, cmd.getEpoch().getVersion())));
                }
                return r;
        }
    }

    private static void applyConfChange(RegionPeer peer, PeerStorage storage, Entry e, EngineBatch batch, PollContext ctx) {
        RegionLocalState state = storage.regionState();
        ConfState before = Codec.fromProto(state.getConfState());
        ConfState after = MembershipChanger.applyFromLog(before, e.data());
        if (after.equals(before)) {
            return;
        }
        Region old = state.getRegion();
        Region.Builder region = old.toBuilder().clearPeers();
        for (Long id : after.members()) {
            long storeId = peer.peerStores.getOrDefault(id, 0L);
            PeerRole role = after.isVoter(id) ? PeerRole.VOTER : PeerRole.LEARNER;
            region.addPeers(Peer.newBuilder().setId(id).setStoreId(storeId).setRole(role));
        }
        region.setEpoch(old.getEpoch().toBuilder().setConfVer(old.getEpoch().getConfVer() + 1));
        Region updated = region.build();
        storage.setRegionState(batch, PendingPeers.keepNonMembers(state.toBuilder(), after)
                .setRegion(updated).setConfState(Codec.toProto(after)).build());
        peer.setRegion(updated);
        peer.store().regionChanged(peer);
        if (!after.isMember(peer.peerId())) {
            ctx.afterWrite(() -> PeerDestroyer.destroy(peer));
        } else if (peer.isLeader()) {
            for (Peer p : old.getPeersList()) {
                if (!after.isMember(p.getId()) && p.getStoreId() != 0) {
                    ctx.afterWrite(() -> peer.store().sendTombstone(peer, updated, p.getId(), p.getStoreId()));
                }
            }
        }
    }
}
