package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raft.PeerProgress;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.Region;
import java.util.ArrayList;
import java.util.List;

/**
 * The members a region's leader reports to PD as pending ({@code RegionHeartbeat.pending_peers}):
 * those still catching up with its log, which PD must not count as a working replica yet (it
 * promotes a new learner only once it is no longer pending). A member other than the leader is
 * catching up when the leader
 * <ul>
 *   <li>is sending it a snapshot, or</li>
 *   <li>knows it to hold less than the leader's log still has (its match index is below the
 *       leader's first log index minus one: it needs a snapshot; this covers match 0, a member
 *       the leader has not heard from yet), or</li>
 *   <li>knows it to hold more than {@link #MAX_LAG} entries fewer than the leader has committed.</li>
 * </ul>
 * Computed on the poller thread every {@link #REFRESH_TICKS} ticks of a leader (the progress copy
 * allocates, so not every round) and published for the heartbeat thread with the region it was
 * computed for; a member the region gained since (a learner just added) counts as catching up
 * until the next refresh has looked at it, so no heartbeat can report a new learner as caught up
 * before the leader has seen it catch up. A change in the set is reported to PD at once, so a
 * learner that caught up is promoted without waiting for the next second.
 */
final class CatchingUpPeers {

    /** Committed entries a member may miss and still count as caught up: a few rounds of writes in flight. */
    static final long MAX_LAG = 1024;
    /** 200 ms at the store's 25 ms tick. */
    static final int REFRESH_TICKS = 8;

    /** What a refresh found: the members of {@code region} catching up. */
    private record Assessment(Region region, List<Peer> pending) {
    }

    private static final Assessment NONE = new Assessment(Region.getDefaultInstance(), List.of());

    private int ticksSinceRefresh = REFRESH_TICKS;
    private volatile Assessment published = NONE;

    /**
     * The members of {@code region} (as the leader {@code leaderPeerId} now has it) catching up:
     * those the last refresh found catching up, and those it has not looked at yet. Any thread.
     */
    List<Peer> current(Region region, long leaderPeerId) {
        Assessment a = published;
        List<Peer> out = null;
        for (Peer p : region.getPeersList()) {
            if (p.getId() != leaderPeerId && (contains(a.pending(), p.getId()) || !contains(a.region().getPeersList(), p.getId()))) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(p);
            }
        }
        return out == null ? List.of() : List.copyOf(out);
    }

    /** After {@code ticks} ticks of {@code peer}: refreshes when due. Poller thread. */
    void onTicks(RegionPeer peer, int ticks) {
        if (!peer.isLeader()) {
            ticksSinceRefresh = REFRESH_TICKS;
            published = NONE;
            return;
        }
        ticksSinceRefresh += ticks;
        if (ticksSinceRefresh < REFRESH_TICKS) {
            return;
        }
        ticksSinceRefresh = 0;
        if (refresh(peer.region(), peer.peerId(), peer.node().progress(), peer.node().firstIndex(), peer.node().commitIndex())) {
            peer.store().regionChanged(peer);
        }
    }

    /** Publishes what {@link #of} finds; returns whether that changes what heartbeats report. */
    boolean refresh(Region region, long leaderPeerId, List<PeerProgress> progress, long firstIndex, long commitIndex) {
        List<Peer> now = of(region, leaderPeerId, progress, firstIndex, commitIndex);
        List<Peer> reported = current(region, leaderPeerId);
        published = new Assessment(region, now);
        return !now.equals(reported);
    }

    /**
     * The members of {@code region} catching up, as the leader {@code leaderPeerId} sees them from
     * {@code progress}, its first log index and its commit index; in the region's peer order.
     */
    static List<Peer> of(Region region, long leaderPeerId, List<PeerProgress> progress, long firstIndex, long commitIndex) {
        List<Peer> out = null;
        for (Peer p : region.getPeersList()) {
            if (p.getId() == leaderPeerId) {
                continue;
            }
            PeerProgress pr = find(progress, p.getId());
            if (pr != null && isCatchingUp(pr, firstIndex, commitIndex)) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(p);
            }
        }
        return out == null ? List.of() : List.copyOf(out);
    }

    static boolean isCatchingUp(PeerProgress pr, long firstIndex, long commitIndex) {
        return pr.receivingSnapshot() || pr.match() < firstIndex - 1 || commitIndex - pr.match() > MAX_LAG;
    }

    private static boolean contains(List<Peer> peers, long id) {
        for (Peer p : peers) {
            if (p.getId() == id) {
                return true;
            }
        }
        return false;
    }

    private static PeerProgress find(List<PeerProgress> progress, long id) {
        for (PeerProgress pr : progress) {
            if (pr.id() == id) {
                return pr;
            }
        }
        return null;
    }
}
