package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raftkv.proto.transport.CompactLogCommand;
import io.managedkvs.raftkv.proto.transport.RaftCommand;
import io.managedkvs.raftkv.store.engine.EngineBatch;

/**
 * Raft log GC, decided by a region's leader and replicated as a CompactLog command, so every
 * replica discards the same prefix at the same log position and a follower that becomes leader
 * holds what the old leader kept for lagging members. The leader compacts up to the lowest index
 * every voter and learner holds ({@code RaftNode.minMatchIndex}) once that is {@code threshold}
 * entries past the compaction point; when a member lags so far that the log passes
 * {@code maxEntries} or {@code maxBytes}, it compacts up to {@code threshold} entries behind its
 * applied index anyway, and the lagging member catches up from a snapshot.
 */
final class LogGc {

    private static final ApplyCallback IGNORE = r -> { };

    /** The highest compaction index this leader proposed; a proposal in flight is not repeated. */
    private long proposed;

    /** At the leader, proposes a compaction when one is due. Runs every round; allocates only when it proposes. */
    void maybePropose(RegionPeer peer, PeerStorage storage, LogGcConfig cfg) {
        if (!peer.isLeader()) {
            proposed = 0;
            return;
        }
        long first = storage.firstIndex();
        long applied = storage.applied();
        long floor = Math.max(first - 1, proposed);
        long target = Math.min(peer.node().minMatchIndex(), applied);
        if (target - floor < cfg.threshold()) {
            long entries = storage.lastIndex() - first + 1;
            if (entries <= cfg.maxEntries() && storage.entryBytes() <= cfg.maxBytes()) {
                return;
            }
            target = applied - cfg.threshold();
            if (target - floor < cfg.threshold()) {
                return;
            }
        }
        proposed = target;
        peer.propose(RaftCommand.newBuilder().setEpoch(peer.region().getEpoch())
                .setCompactLog(CompactLogCommand.newBuilder().setCompactIndex(target)).build(), IGNORE);
    }

    /**
     * Applies a CompactLog command on any replica: discards the log up to its index, or up to what
     * this replica recorded as applied when that is less (entries applied in this same round are not
     * recorded yet).
     */
    static void apply(StoreContext store, PeerStorage storage, CompactLogCommand cmd, EngineBatch batch) {
        long to = Math.min(cmd.getCompactIndex(), storage.applied());
        if (to >= storage.firstIndex()) {
            storage.compact(batch, to);
            store.metrics().logCompactions.increment();
        }
    }
}
