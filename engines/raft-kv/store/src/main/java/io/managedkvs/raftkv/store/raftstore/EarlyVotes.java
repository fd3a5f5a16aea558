package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raftkv.proto.transport.RaftMessage;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * Vote requests for regions a split here has not created yet. The new region's member on the
 * parent leader's store campaigns as soon as its store applied the split, and its requests often
 * arrive before this store has: dropped, they would cost the new region an election timeout.
 * They are handed to the peer when the split creates it (as TiKV's raftstore keeps its pending
 * vote messages). Bounded: the oldest go first; a lost request only delays the election.
 * Not thread-safe: the store guards it.
 */
final class EarlyVotes {

    static final int CAPACITY = 128;

    private final ArrayDeque<RaftMessage> held = new ArrayDeque<>();

    void hold(RaftMessage m) {
        if (held.size() == CAPACITY) {
            held.pollFirst();
        }
        held.addLast(m);
    }

    /** Hands {@code peer} the requests for its region, in arrival order. */
    void replayTo(RegionPeer peer) {
        replay(peer.regionId(), m -> peer.offer(new PeerMsg.Raft(m)));
    }

    /** Hands {@code to} the requests held for region {@code regionId}, in arrival order, and forgets them. */
    void replay(long regionId, Consumer<RaftMessage> to) {
        for (Iterator<RaftMessage> it = held.iterator(); it.hasNext(); ) {
            RaftMessage m = it.next();
            if (m.getRegionId() == regionId) {
                it.remove();
                to.accept(m);
            }
        }
    }
}
