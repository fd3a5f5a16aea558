package io.managedkvs.raft;

import io.managedkvs.raft.membership.ConfChange;
import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.HardState;
import io.managedkvs.raft.message.Message;
import io.managedkvs.raft.message.MessageType;
import io.managedkvs.raft.message.Snapshot;
import io.managedkvs.raft.progress.Progress;
import io.managedkvs.raft.storage.RaftStorage;
import java.util.List;
import java.util.Objects;

/**
 * One member of one Raft group, as a deterministic state machine: no threads, no clock, no I/O.
 * The application drives it with {@link #tick()}, {@link #step(Message)} and the request methods,
 * and collects the work to do with {@link #hasReady()}, {@link #ready()} and {@link #advance()}.
 *
 * <p>Between {@link #ready()} and {@link #advance()} the node accepts no input: a store drives many
 * groups by collecting all their Readys, persisting them in one write, sending, applying, and then
 * advancing them all. Not thread-safe; one thread may drive any number of nodes.
 */
public final class RaftNode {

    private final Raft raft;
    private long prevTerm;
    private long prevVote;
    private long prevCommit;
    private Role prevRole;
    private long prevLead;
    private boolean inReady;
    private Ready pending;

    /** Starts (or restarts) a node from what {@code storage} holds. */
    public RaftNode(RaftConfig config, RaftStorage storage) {
        this(config, storage, DeliberateBug.NONE);
    }

    /**
     * Starts the first node of this member in a group that a split has just created, before it has
     * heard from anyone. {@code splitLeader} is the member on the store whose peer of the parent
     * group was leader when that store applied the split, as far as this store's parent peer knew
     * (this node's own id on that store), or 0 if it knew no leader. That member may campaign at
     * once, and this node may vote for it (and only for it) at once, until it first hears from a
     * leader; see docs/raft.md, "Splits". Only for a node that never ran before: a restart uses
     * {@link #RaftNode(RaftConfig, RaftStorage)}. Ignored when {@code storage} holds a vote.
     *
     * @throws IllegalArgumentException if {@code splitLeader} is neither 0 nor a voter of the
     *     group's configuration
     */
    public static RaftNode createdBySplit(RaftConfig config, RaftStorage storage, long splitLeader) {
        Objects.requireNonNull(storage, "storage");
        if (splitLeader != 0 && !storage.initialState().confState().isVoter(splitLeader)) {
            throw new IllegalArgumentException("splitLeader: " + splitLeader + " is not a voter of the new group ("
                    + storage.initialState().confState() + ")");
        }
        return new RaftNode(config, storage, DeliberateBug.NONE, splitLeader);
    }

    /** Testing only: a node built with a deliberate bug, to show that the simulator catches it. */
    RaftNode(RaftConfig config, RaftStorage storage, DeliberateBug bug) {
        this(config, storage, bug, 0);
    }

    /** Testing only: {@link #createdBySplit} with a deliberate bug. */
    RaftNode(RaftConfig config, RaftStorage storage, DeliberateBug bug, long splitLeader) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(storage, "storage");
        this.raft = new Raft(config, storage, bug, splitLeader);
        HardState hs = storage.initialState().hardState();
        this.prevTerm = hs.term();
        this.prevVote = hs.vote();
        this.prevCommit = hs.commit();
        this.prevRole = raft.role;
        this.prevLead = raft.lead;
    }

    // ---------------------------------------------------------------- inputs

    /** Advances logical time by one tick. Idle ticks allocate nothing. */
    public void tick() {
        checkNotInReady("tick");
        raft.tick();
    }

    /** Handles a message from a peer of this group. */
    public void step(Message m) {
        checkNotInReady("step");
        Objects.requireNonNull(m, "message");
        if (m.to() != raft.id) {
            throw new IllegalArgumentException("message.to: " + m.to() + " is not this node (" + raft.id + ")");
        }
        raft.step(m);
    }

    /**
     * Starts an election now, as if the election timeout had elapsed. Does nothing while this node
     * still backs a leader's lease (it heard from a leader within the election timeout, or restarted
     * less than one ago) and has other voters: its own vote would help depose a leader that counts
     * on it for lease reads. Leader transfer uses its own path. A sole voter always may, and so may
     * the split leader's member of a group a split has just created ({@link #createdBySplit}).
     */
    public void campaign() {
        checkNotInReady("campaign");
        if (raft.lease.backing() && confState().voters().size() > 1 && !raft.lease.splitLeaderUnled()) {
            return;
        }
        raft.campaign(false);
    }

    /**
     * Proposes a command. Only the leader accepts; others answer with the leader to retry at. The
     * entry is sent to followers with the next {@link #ready()}, batched with other proposals.
     */
    public ProposalResult propose(byte[] data) {
        checkNotInReady("propose");
        Objects.requireNonNull(data, "data");
        return raft.proposals.propose(data);
    }

    /**
     * Proposes a membership change.
     *
     * @throws IllegalArgumentException if the change is not valid from the current configuration
     */
    public ProposalResult proposeConfChange(ConfChange change) {
        checkNotInReady("proposeConfChange");
        Objects.requireNonNull(change, "change");
        return raft.proposals.proposeConfChange(change);
    }

    /**
     * Requests a linearizable read. The answer arrives as a {@link ReadState} with
     * {@code requestId} in a later Ready, at this node or (for a follower) after its leader
     * confirmed it. Returns false if no leader is known, so the caller can retry elsewhere, or if
     * the leader already holds too many unconfirmed reads (back off).
     * Requests lost to a leader change are not answered: callers time out and retry.
     */
    public boolean readIndex(long requestId) {
        checkNotInReady("readIndex");
        if (raft.role == Role.LEADER) {
            return raft.reads.request(requestId, raft.id);
        }
        if (raft.lead == 0) {
            return false;
        }
        raft.send(Message.builder(MessageType.READ_INDEX).to(raft.lead).context(requestId));
        return true;
    }

    /** Asks the leader (through this node) to hand leadership to {@code transferee}. */
    public void transferLeadership(long transferee) {
        checkNotInReady("transferLeadership");
        if (raft.role == Role.LEADER) {
            raft.leader.transferLeadership(transferee);
        } else if (raft.lead != 0) {
            raft.send(Message.builder(MessageType.TRANSFER_LEADER).to(raft.lead).context(transferee));
        }
    }

    /** The transport reports the outcome of sending a snapshot to {@code id}. */
    public void reportSnapshot(long id, boolean success) {
        checkNotInReady("reportSnapshot");
        if (raft.role == Role.LEADER) {
            raft.leader.reportSnapshot(id, success);
        }
    }

    /** The transport failed to reach {@code id}. */
    public void reportUnreachable(long id) {
        checkNotInReady("reportUnreachable");
        if (raft.role == Role.LEADER) {
            raft.leader.reportUnreachable(id);
        }
    }

    // ---------------------------------------------------------------- outputs

    /** Whether {@link #ready()} has work. Cheap and allocation-free, for polling many groups. */
    public boolean hasReady() {
        if (inReady) {
            return false;
        }
        return !raft.outbox.isEmpty()
                || (raft.role == Role.LEADER && (raft.broadcastPending || raft.reads.broadcastNeeded()))
                || raft.log.hasUnstableEntries()
                || raft.log.unstableSnapshot() != null
                || raft.log.hasNextCommittedEntries()
                || !raft.readStates.isEmpty()
                || raft.term != prevTerm || voteChanged() || raft.log.committed() != prevCommit
                || raft.role != prevRole || raft.lead != prevLead;
    }

    private boolean voteChanged() {
        return raft.vote != prevVote && raft.bug != DeliberateBug.HARD_STATE_VOTE_NOT_IN_READY;
    }

    /** Takes the work to do. Call {@link #advance()} once it is done, before any other input. */
    public Ready ready() {
        checkNotInReady("ready");
        raft.flushBroadcasts();
        HardState hs = null;
        if (raft.term != prevTerm || voteChanged() || raft.log.committed() != prevCommit) {
            hs = new HardState(raft.term, raft.vote, raft.log.committed());
        }
        List<Message> messages = drain(raft.outbox);
        List<ReadState> reads = drain(raft.readStates);
        pending = new Ready(hs, raft.log.unstableEntries(), raft.log.unstableSnapshot(), messages,
                raft.log.nextCommittedEntries(), reads, raft.role, raft.lead);
        inReady = true;
        return pending;
    }

    /** The contents of {@code pending}, which is emptied; no copy when it is empty, as read states nearly always are. */
    private static <T> List<T> drain(List<T> pending) {
        if (pending.isEmpty()) {
            return List.of();
        }
        List<T> out = List.copyOf(pending);
        pending.clear();
        return out;
    }

    /** The application has done what the last Ready asked. */
    public void advance() {
        if (!inReady) {
            throw new IllegalStateException("advance() without a Ready: call ready() first");
        }
        Ready rd = pending;
        if (rd.hardState() != null) {
            prevTerm = rd.hardState().term();
            prevVote = rd.hardState().vote();
            prevCommit = rd.hardState().commit();
        }
        Snapshot snap = rd.snapshot();
        if (snap != null) {
            raft.log.stableSnapTo(snap.index());
            raft.log.appliedTo(snap.index());
        }
        List<Entry> entries = rd.entries();
        if (!entries.isEmpty()) {
            Entry last = entries.get(entries.size() - 1);
            raft.log.stableTo(last.index(), last.term());
        }
        List<Entry> committed = rd.committedEntries();
        if (!committed.isEmpty()) {
            raft.log.appliedTo(committed.get(committed.size() - 1).index());
            raft.proposals.reduceUncommitted(committed);
        }
        prevRole = rd.role();
        prevLead = rd.leaderId();
        pending = null;
        inReady = false;
    }

    // ---------------------------------------------------------------- state

    public long id() { return raft.id; }
    public long term() { return raft.term; }
    public long vote() { return raft.vote; }
    public Role role() { return raft.role; }
    /** The leader this node follows, itself if leader, 0 if unknown. */
    public long leaderId() { return raft.lead; }
    public long commitIndex() { return raft.log.committed(); }
    public long appliedIndex() { return raft.log.applied(); }
    public long firstIndex() { return raft.log.firstIndex(); }
    public long lastIndex() { return raft.log.lastIndex(); }
    /** The membership this node acts on: the latest in its log, committed or not. */
    public ConfState confState() { return raft.membership.current(); }
    /**
     * At the leader, the highest index every member of the group (voters and learners, itself
     * included) is known to hold in its log: entries up to it may be discarded without any member
     * needing a snapshot. 0 when this node does not lead, or just took over and has not heard back
     * from every member yet (a new leader knows nothing of the others' logs). Allocation-free.
     */
    public long minMatchIndex() {
        return raft.role == Role.LEADER ? raft.tracker.minMatch() : 0;
    }

    /**
     * At the leader, a copy of what it knows about every member's log (voters and learners, itself
     * included), in configuration order; empty when this node does not lead, since only the leader
     * tracks the others. A new leader starts every other member at match 0 in
     * {@link io.managedkvs.raft.progress.ProgressState#PROBE} until it answers. Allocates one
     * record per member: for periodic reports, not for every round.
     */
    public List<PeerProgress> progress() {
        if (raft.role != Role.LEADER) {
            return List.of();
        }
        PeerProgress[] out = new PeerProgress[raft.tracker.size()];
        for (int i = 0; i < out.length; i++) {
            Progress pr = raft.tracker.progressAt(i);
            out[i] = new PeerProgress(raft.tracker.idAt(i), pr.match(), pr.next(), pr.state(), pr.pendingSnapshot(),
                    pr.learner(), pr.recentActive());
        }
        return List.of(out);
    }

    /** The node a leader is handing over to, or 0. */
    public long leadTransferee() { return raft.leadTransferee; }

    /** The term of the entry at {@code index}, or -1 if it is compacted or absent. */
    public long termAt(long index) {
        return raft.log.term(index);
    }

    Raft raft() {
        return raft;
    }

    private void checkNotInReady(String what) {
        if (inReady) {
            throw new IllegalStateException(what + "() between ready() and advance(): finish the Ready first");
        }
    }
}
