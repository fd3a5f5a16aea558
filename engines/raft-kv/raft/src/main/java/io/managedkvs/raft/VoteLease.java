package io.managedkvs.raft;

import io.managedkvs.raft.message.Message;

/**
 * When a node withholds its vote to protect a leader's lease (thesis §4.2.3, §6.4.1), and the two
 * exceptions: a leadership transfer, and the split leader's member of a group a split has just
 * created (docs/raft.md, "Splits"). Part of {@link Raft}'s state; reads its role and clock.
 */
final class VoteLease {

    private final Raft raft;
    /**
     * With CheckQuorum, the tick ({@link Raft#ticks}) until which this node backs a leader's lease:
     * an election timeout after it last heard from a leader (or after a start with lease reads, when
     * it may have acknowledged a heartbeat just before a crash). Until then it grants no vote and no
     * pre-vote, except to a leadership transfer. It survives term changes: a message of a later term
     * that is not from a leader (a vote answer, a refused request) moves this node to that term
     * without telling the leader it backs that its lease is over.
     */
    private long backedUntil;
    /**
     * In a group a split has just created: the member on the store whose parent-region peer led
     * the parent when this store applied the split. Until this node first hears from a leader or
     * becomes one, that member may campaign at once and this node may vote for it without waiting
     * out its restart lease. 0 otherwise.
     */
    private long splitLeader;

    VoteLease(Raft raft) {
        this.raft = raft;
    }

    /** At start: {@code splitLeader} as given to the node, {@code vote} as its storage holds it. */
    void start(long splitLeader, long vote) {
        if (splitLeader != 0 && vote == 0 && raft.membership.current().isVoter(splitLeader)) {
            // A group no one has voted in has had no leader, so no member backs a lease of it.
            this.splitLeader = splitLeader;
        }
        if (raft.cfg.readOnly() == ReadOnlyOption.LEASE_BASED && raft.bug != DeliberateBug.NO_RESTART_VOTE_LEASE) {
            // Before a crash this node may have acknowledged a heartbeat that a leader now counts
            // on for its lease; it forgot when, so it honours the longest lease it could have given.
            // A node a split created keeps this too for every candidate but the split leader's peer.
            backedUntil = raft.cfg.electionTick();
        }
    }

    /** A leader of this term reached us: back its lease for an election timeout from now. */
    void backLeader() {
        if (raft.bug != DeliberateBug.LEASE_VOTES_NOT_IGNORED) {
            backedUntil = Math.max(backedUntil, raft.ticks + raft.cfg.electionTick());
        }
        if (raft.bug != DeliberateBug.SPLIT_VOTE_KEPT_AFTER_LEADER) {
            // From now on the lease this node backs is a real one, the split leader's peer's included.
            splitLeader = 0;
        }
    }

    /** This node became leader: the split leader's privilege is spent. */
    void onLeader() {
        splitLeader = 0;
    }

    /**
     * Whether a vote request may be granted though this node backs a lease: a leadership transfer
     * (the leader gave up its lease), or the split leader's peer in a group no leader has reached
     * this node in (the lease it backs is only the restart lease, which guards nothing here).
     */
    boolean waived(Message m) {
        return m.context() == Message.CAMPAIGN_TRANSFER || (splitLeader != 0 && m.from() == splitLeader);
    }

    /**
     * Whether this node leads, or still backs a leader's lease, and must not help elect anyone
     * else, whatever term it has moved to since. Only with CheckQuorum: without it a leader does
     * not step down when cut off, so followers gain nothing by waiting.
     */
    boolean backing() {
        return raft.cfg.checkQuorum() && (raft.role == Role.LEADER || raft.ticks < backedUntil);
    }

    /** Whether this node is the split leader's member of a group no leader has reached it in yet. */
    boolean splitLeaderUnled() {
        return splitLeader != 0 && splitLeader == raft.id;
    }
}
