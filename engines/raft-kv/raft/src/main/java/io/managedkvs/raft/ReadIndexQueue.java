package io.managedkvs.raft;

import io.managedkvs.raft.message.Message;
import io.managedkvs.raft.message.MessageType;
import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * The leader's linearizable reads (thesis §6.4). A read is answered with the commit index at the
 * time it arrived, once the leader has confirmed that it was still leader after that: a quorum
 * acknowledged a heartbeat round broadcast after the read was registered. Rounds are numbered
 * {@code (tick << 20) | n}, so an acknowledged round also dates the heartbeat for the lease.
 *
 * <p>Reads that arrive before the leader has committed an entry of its own term wait for it: until
 * then its commit index may lag what an earlier leader committed.
 */
final class ReadIndexQueue {

    /** Reads a leader holds unconfirmed before it refuses more: the bound behind back-pressure. */
    static final int MAX_PENDING_READS = 1 << 16;

    private record PendingRead(long round, long index, long requestId, long from) {
    }

    private final Raft raft;
    private final ArrayDeque<PendingRead> pending = new ArrayDeque<>();
    private final ArrayList<PendingRead> postponed = new ArrayList<>();
    private long lastRound;
    private boolean broadcastNeeded;
    private boolean leaseRevoked;

    ReadIndexQueue(Raft raft) {
        this.raft = raft;
    }

    /** Drops every pending read (their callers time out and retry) when the role or term changes. */
    void reset() {
        pending.clear();
        postponed.clear();
        broadcastNeeded = false;
        leaseRevoked = false;
    }

    /** A number for the next heartbeat broadcast, greater than every earlier one. */
    long newRound() {
        lastRound = Math.max(lastRound + 1, raft.ticks << 20);
        broadcastNeeded = false;
        return lastRound;
    }

    boolean broadcastNeeded() {
        return broadcastNeeded;
    }

    /** After a leadership transfer starts, another node may win without waiting for leases. */
    void revokeLease() {
        leaseRevoked = true;
    }

    /**
     * A read from {@code from} (this node or a follower that forwarded it). Leader only. Returns
     * false, dropping the read, when {@link #MAX_PENDING_READS} reads already wait.
     */
    boolean request(long requestId, long from) {
        if (pending.size() + postponed.size() >= MAX_PENDING_READS) {
            return false;
        }
        long committed = raft.log.committed();
        if (!raft.committedInTerm()) {
            postponed.add(new PendingRead(0, 0, requestId, from));
            return true;
        }
        if (raft.tracker.isSoleVoter(raft.id)
                || raft.bug == DeliberateBug.READ_INDEX_WITHOUT_QUORUM
                || (raft.cfg.readOnly() == ReadOnlyOption.LEASE_BASED && leaseValid())) {
            respond(committed, requestId, from);
            return true;
        }
        pending.addLast(new PendingRead(lastRound + 1, committed, requestId, from));
        broadcastNeeded = true;
        return true;
    }

    /** The leader committed its first entry of the term: postponed reads may proceed. */
    void onCommittedInTerm() {
        if (postponed.isEmpty()) {
            return;
        }
        ArrayList<PendingRead> waiting = new ArrayList<>(postponed);
        postponed.clear();
        for (PendingRead r : waiting) {
            request(r.requestId(), r.from());
        }
    }

    /** A heartbeat acknowledgement arrived: release every read its quorum now confirms. */
    void onHeartbeatAck() {
        if (pending.isEmpty()) {
            return;
        }
        long acked = raft.tracker.quorumAckedRound(raft.id, lastRound);
        while (!pending.isEmpty() && pending.peekFirst().round() <= acked) {
            PendingRead r = pending.pollFirst();
            respond(r.index(), r.requestId(), r.from());
        }
    }

    /**
     * Whether a quorum of the current configuration acknowledged a heartbeat sent less than
     * {@code leaseTicks} ago. Each of them ignores votes for an election timeout after receiving it.
     */
    boolean leaseValid() {
        if (leaseRevoked || !raft.cfg.checkQuorum()) {
            return false;
        }
        long acked = raft.tracker.quorumAckedRound(raft.id, lastRound);
        if (acked == 0) {
            return false;
        }
        long sentAtTick = acked >>> 20;
        int leaseTicks = raft.bug == DeliberateBug.LEASE_LONGER_THAN_ELECTION_TIMEOUT ? raft.cfg.electionTick() + 2 : raft.cfg.leaseTicks();
        return raft.ticks < sentAtTick + leaseTicks;
    }

    private void respond(long index, long requestId, long from) {
        if (from == raft.id) {
            raft.readStates.add(new ReadState(index, requestId));
        } else {
            raft.send(Message.builder(MessageType.READ_INDEX_RESPONSE).to(from).index(index).context(requestId));
        }
    }
}
