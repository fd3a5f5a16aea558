package io.managedkvs.raft;

import io.managedkvs.raft.log.RaftLog;
import io.managedkvs.raft.membership.ConfChange;
import io.managedkvs.raft.membership.ConfChangeCodec;
import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.EntryType;
import io.managedkvs.raft.message.HardState;
import io.managedkvs.raft.message.Message;
import io.managedkvs.raft.message.MessageType;
import io.managedkvs.raft.progress.Progress;
import io.managedkvs.raft.progress.ProgressTracker;
import io.managedkvs.raft.quorum.VoteResult;
import io.managedkvs.raft.storage.InitialState;
import io.managedkvs.raft.storage.RaftStorage;
import java.util.ArrayList;
import java.util.List;

/**
 * The protocol state of one node: term, vote, role, log, membership and the leader's view of its
 * followers, with the rules that move between roles (§5.1, §5.2) and the entry points every role
 * shares. Role-specific handling lives in {@link LeaderReplication} and {@link FollowerLog}, reads
 * in {@link ReadIndexQueue}, when votes are withheld for a leader's lease in {@link VoteLease}.
 * Package-private: {@link RaftNode} is the API.
 */
final class Raft {

    final long id;
    final RaftConfig cfg;
    final DeliberateBug bug;
    final RaftLog log;
    final ProgressTracker tracker;
    final MembershipLog membership = new MembershipLog();
    final ReadIndexQueue reads = new ReadIndexQueue(this);
    final LeaderReplication leader = new LeaderReplication(this);
    final FollowerLog follower = new FollowerLog(this);
    final Proposals proposals = new Proposals(this);
    final MembershipSync membershipSync = new MembershipSync(this);
    final VoteLease lease = new VoteLease(this);
    final ArrayList<Message> outbox = new ArrayList<>();
    final ArrayList<ReadState> readStates = new ArrayList<>();
    private final ElectionJitter jitter;

    long term;
    long vote;
    long lead;
    Role role = Role.FOLLOWER;
    int electionElapsed;
    int heartbeatElapsed;
    int randomizedElectionTimeout;
    /** Ticks since start: the leader's clock for leases. */
    long ticks;
    long leadTransferee;
    /** The leader's first index of its term; reads and membership changes wait until it commits. */
    long termStartIndex;
    long uncommittedBytes;
    boolean broadcastPending;

    Raft(RaftConfig cfg, RaftStorage storage, DeliberateBug bug) {
        this(cfg, storage, bug, 0);
    }

    Raft(RaftConfig cfg, RaftStorage storage, DeliberateBug bug, long splitLeader) {
        this.id = cfg.id();
        this.cfg = cfg;
        this.bug = bug;
        this.jitter = new ElectionJitter(cfg.randomSeed() * 0x9E3779B97F4A7C15L + cfg.id());
        this.log = new RaftLog(storage, cfg.maxCommittedSizePerReady());
        this.tracker = new ProgressTracker(cfg.maxInflightMsgs(), cfg.maxInflightBytes());
        InitialState initial = storage.initialState();
        HardState hs = initial.hardState();
        if (hs.commit() < log.committed() || hs.commit() > log.lastIndex()) {
            throw new IllegalStateException("hard state commit " + hs.commit() + " is outside [" + log.committed() + ", " + log.lastIndex() + "]");
        }
        log.commitTo(hs.commit());
        log.initApplied(Math.max(initial.appliedIndex(), log.firstIndex() - 1));
        membershipSync.replay(initial.confState(), log.applied());
        becomeFollower(hs.term(), 0);
        this.vote = hs.vote();
        lease.start(splitLeader, hs.vote());
    }

    // ---------------------------------------------------------------- messages out

    /** Stamps the sender, and the current term unless the caller chose one, and queues the message. */
    void send(Message.Builder b) {
        if (b.term() == 0) {
            b.term(term);
        }
        outbox.add(b.from(id).build());
    }

    // ---------------------------------------------------------------- time

    void tick() {
        ticks++;
        if (role == Role.LEADER) {
            tickLeader();
        } else {
            electionElapsed++;
            if (promotable() && electionElapsed >= randomizedElectionTimeout) {
                electionElapsed = 0;
                campaign(false);
            }
        }
    }

    private void tickLeader() {
        heartbeatElapsed++;
        electionElapsed++;
        if (electionElapsed >= cfg.electionTick()) {
            electionElapsed = 0;
            if (cfg.checkQuorum()) {
                if (!tracker.quorumActive(id)) {
                    becomeFollower(term, 0);
                    return;
                }
                for (int i = 0; i < tracker.size(); i++) {
                    if (tracker.idAt(i) != id) {
                        tracker.progressAt(i).setRecentActive(false);
                    }
                }
            }
            // A transfer that did not finish within an election timeout is abandoned.
            leadTransferee = 0;
        }
        if (heartbeatElapsed >= cfg.heartbeatTick()) {
            heartbeatElapsed = 0;
            leader.broadcastHeartbeat();
        }
    }

    // ---------------------------------------------------------------- roles

    boolean promotable() {
        return tracker.isVoter(id);
    }

    private void reset(long newTerm) {
        if (term != newTerm) {
            term = newTerm;
            vote = 0;
        }
        lead = 0;
        electionElapsed = 0;
        heartbeatElapsed = 0;
        randomizedElectionTimeout = cfg.electionTick() + jitter.nextInt(cfg.electionTick());
        leadTransferee = 0;
        tracker.resetVotes();
        long last = log.lastIndex();
        for (int i = 0; i < tracker.size(); i++) {
            Progress pr = tracker.progressAt(i);
            pr.reset(last + 1, tracker.idAt(i) == id ? last : 0);
        }
        reads.reset();
        uncommittedBytes = 0;
        broadcastPending = false;
    }

    void becomeFollower(long newTerm, long newLead) {
        reset(newTerm);
        role = Role.FOLLOWER;
        lead = newLead;
    }

    private void becomePreCandidate() {
        tracker.resetVotes();
        reads.reset();
        role = Role.PRE_CANDIDATE;
        lead = 0;
        broadcastPending = false;
    }

    private void becomeCandidate() {
        reset(term + 1);
        vote = id;
        role = Role.CANDIDATE;
    }

    private void becomeLeader() {
        reset(term);
        role = Role.LEADER;
        lead = id;
        lease.onLeader();
        Progress self = tracker.progress(id);
        if (self != null) {
            self.becomeReplicate();
            self.setRecentActive(true);
        }
        termStartIndex = log.lastIndex() + 1;
        appendEntry(EntryType.NORMAL, null);
    }

    /** Starts an election: PreVote first if configured, unless this is a leadership transfer. */
    void campaign(boolean transfer) {
        if (role == Role.LEADER || !promotable() || log.unstableSnapshot() != null) {
            return;
        }
        if (!transfer && cfg.preVote()) {
            becomePreCandidate();
        } else {
            becomeCandidate();
        }
        solicitVotes(transfer);
    }

    private void solicitVotes(boolean transfer) {
        boolean pre = role == Role.PRE_CANDIDATE;
        tracker.recordVote(id, true);
        if (tracker.voteResult() == VoteResult.WON) {
            onElectionWon(pre);
            return;
        }
        MessageType type = pre ? MessageType.PRE_VOTE : MessageType.VOTE;
        long voteTerm = pre ? term + 1 : term;
        long lastIndex = log.lastIndex();
        long lastTerm = log.lastTerm();
        for (int i = 0; i < tracker.size(); i++) {
            long to = tracker.idAt(i);
            if (to != id && !tracker.progressAt(i).learner()) {
                send(Message.builder(type).to(to).term(voteTerm).index(lastIndex).logTerm(lastTerm)
                        .context(transfer ? Message.CAMPAIGN_TRANSFER : 0));
            }
        }
    }

    private void onElectionWon(boolean pre) {
        if (pre) {
            becomeCandidate();
            solicitVotes(false);
        } else {
            becomeLeader();
            broadcastPending = true;
        }
    }

    // ---------------------------------------------------------------- messages in

    void step(Message m) {
        if (m.term() > term) {
            if (!stepHigherTerm(m)) {
                return;
            }
        } else if (m.term() < term) {
            stepLowerTerm(m);
            return;
        }
        if (m.type() == MessageType.HEARTBEAT || m.type() == MessageType.APPEND || m.type() == MessageType.SNAPSHOT) {
            lease.backLeader();
        }
        switch (m.type()) {
            case VOTE, PRE_VOTE -> onVoteRequest(m);
            default -> {
                switch (role) {
                    case LEADER -> leader.step(m);
                    case CANDIDATE, PRE_CANDIDATE -> stepCandidate(m);
                    case FOLLOWER -> stepFollower(m);
                }
            }
        }
    }

    /** A message from a later term. Returns false if it is to be ignored. */
    private boolean stepHigherTerm(Message m) {
        MessageType type = m.type();
        if ((type == MessageType.VOTE || type == MessageType.PRE_VOTE) && !lease.waived(m) && lease.backing()) {
            // We back a leader's lease: do not help depose it, not even by taking the term.
            return false;
        }
        if (type == MessageType.PRE_VOTE || (type == MessageType.PRE_VOTE_RESPONSE && !m.reject())) {
            // A pre-vote changes no term; a granted pre-vote carries the term the candidate will use.
            return true;
        }
        boolean fromLeader = type == MessageType.APPEND || type == MessageType.HEARTBEAT || type == MessageType.SNAPSHOT;
        becomeFollower(m.term(), fromLeader ? m.from() : 0);
        return true;
    }

    private void stepLowerTerm(Message m) {
        if (m.type() == MessageType.HEARTBEAT || m.type() == MessageType.APPEND) {
            // A stale leader, perhaps cut off while we moved on: tell it our term so it steps down
            // (Figure 2). Waiting for our own campaign to tell it is not enough: with PreVote or
            // CheckQuorum our votes may be withheld, and a node that is not a voter in its own
            // log's configuration never campaigns, though the leader may count on it.
            send(Message.builder(MessageType.APPEND_RESPONSE).to(m.from()));
        } else if (m.type() == MessageType.PRE_VOTE || m.type() == MessageType.VOTE) {
            // Refuse with our term (Figure 2): a candidate stuck in a past term learns the current
            // one, even when no member with a newer configuration would otherwise contact it.
            // (etcd's raft drops stale votes; here that deadlocks: a node that is not a voter in
            // its own log's configuration never campaigns, so a candidate of an older term that
            // needs its vote may never hear of the newer term. Answering is safe because a node
            // that moves to our term this way still backs the lease it backed; see VoteLease.backing.)
            send(Message.builder(m.type().voteResponse()).to(m.from()).reject(true));
        }
    }

    private void onVoteRequest(Message m) {
        boolean pre = m.type() == MessageType.PRE_VOTE;
        boolean backing = !lease.waived(m) && vote != m.from() && lease.backing();
        boolean canVote = !backing && (vote == m.from() || (vote == 0 && lead == 0) || (pre && m.term() > term));
        boolean upToDate = bug == DeliberateBug.VOTE_WITHOUT_LOG_CHECK || log.isUpToDate(m.index(), m.logTerm());
        MessageType resp = m.type().voteResponse();
        if (canVote && upToDate) {
            // Answer with the request's term, so a pre-candidate counts it for the term it asked about.
            send(Message.builder(resp).to(m.from()).term(m.term()));
            if (!pre) {
                electionElapsed = 0;
                vote = m.from();
            }
        } else {
            send(Message.builder(resp).to(m.from()).term(term).reject(true));
        }
    }

    private void stepCandidate(Message m) {
        MessageType mine = role == Role.PRE_CANDIDATE ? MessageType.PRE_VOTE_RESPONSE : MessageType.VOTE_RESPONSE;
        switch (m.type()) {
            case APPEND -> {
                becomeFollower(m.term(), m.from());
                follower.onAppend(m);
            }
            case HEARTBEAT -> {
                becomeFollower(m.term(), m.from());
                follower.onHeartbeat(m);
            }
            case SNAPSHOT -> {
                becomeFollower(m.term(), m.from());
                follower.onSnapshot(m);
            }
            case VOTE_RESPONSE, PRE_VOTE_RESPONSE -> {
                if (m.type() != mine) {
                    return;
                }
                tracker.recordVote(m.from(), !m.reject());
                VoteResult result = tracker.voteResult();
                if (result == VoteResult.WON) {
                    onElectionWon(role == Role.PRE_CANDIDATE);
                } else if (result == VoteResult.LOST) {
                    becomeFollower(term, 0);
                }
            }
            default -> {
                // No leader to forward to and nothing to answer.
            }
        }
    }

    private void stepFollower(Message m) {
        switch (m.type()) {
            case APPEND -> {
                electionElapsed = 0;
                lead = m.from();
                follower.onAppend(m);
            }
            case HEARTBEAT -> {
                electionElapsed = 0;
                lead = m.from();
                follower.onHeartbeat(m);
            }
            case SNAPSHOT -> {
                electionElapsed = 0;
                lead = m.from();
                follower.onSnapshot(m);
            }
            case TRANSFER_LEADER -> {
                if (lead != 0) {
                    send(Message.builder(MessageType.TRANSFER_LEADER).to(lead).context(m.context()));
                }
            }
            case TIMEOUT_NOW -> campaign(true);
            case READ_INDEX_RESPONSE -> readStates.add(new ReadState(m.index(), m.context()));
            default -> {
                // Responses to requests this follower did not make; ignore.
            }
        }
    }

    // ---------------------------------------------------------------- leader: log

    boolean committedInTerm() {
        return role == Role.LEADER && log.committed() >= termStartIndex;
    }

    /** Appends one entry at the leader; the broadcast happens when the next Ready is taken. */
    long appendEntry(EntryType type, byte[] data) {
        Entry e = new Entry(term, log.lastIndex() + 1, type, data);
        log.append(List.of(e));
        if (!e.isEmptyNormal()) {
            uncommittedBytes += e.sizeBytes();
        }
        if (type == EntryType.CONF_CHANGE) {
            membershipSync.onConfChangeAppended(e);
        }
        Progress self = tracker.progress(id);
        if (self != null) {
            self.maybeUpdate(e.index());
        }
        broadcastPending = true;
        maybeCommit();
        return e.index();
    }

    /** Advances the commit index to what a quorum has, if that entry is from this term (§5.4.2). */
    boolean maybeCommit() {
        long candidate = tracker.committed();
        boolean advanced;
        if (bug == DeliberateBug.COMMIT_PREVIOUS_TERM_BY_COUNTING) {
            advanced = candidate > log.committed() && candidate <= log.lastIndex();
            if (advanced) {
                log.commitTo(candidate);
            }
        } else {
            advanced = candidate <= log.lastIndex() && log.maybeCommit(candidate, term);
        }
        if (advanced) {
            onCommitAdvanced();
        }
        return advanced;
    }

    private void onCommitAdvanced() {
        broadcastPending = true;
        membership.committedTo(log.committed());
        if (!committedInTerm()) {
            return;
        }
        reads.onCommittedInTerm();
        ConfState cs = membership.current();
        if (membership.hasUncommittedChange()) {
            return;
        }
        if (cs.isJoint() && cs.autoLeave()) {
            appendEntry(EntryType.CONF_CHANGE, ConfChangeCodec.encode(ConfChange.leaveJoint()));
        } else if (!cs.isVoter(id)) {
            stepDownRemoved();
        }
    }

    /** The configuration that removed this leader is committed: hand over and step down (thesis §4.2.2). */
    private void stepDownRemoved() {
        leader.broadcastAppend();
        broadcastPending = false;
        long last = log.lastIndex();
        for (int i = 0; i < tracker.size(); i++) {
            Progress pr = tracker.progressAt(i);
            if (!pr.learner() && pr.match() == last && tracker.idAt(i) != id) {
                leader.sendTimeoutNow(tracker.idAt(i));
                break;
            }
        }
        becomeFollower(term, 0);
    }

    /** Flushes what was deferred to the Ready boundary: one append per follower for many proposals. */
    void flushBroadcasts() {
        if (role != Role.LEADER) {
            broadcastPending = false;
            return;
        }
        if (broadcastPending) {
            broadcastPending = false;
            leader.broadcastAppend();
        }
        if (reads.broadcastNeeded()) {
            leader.broadcastHeartbeat();
        }
    }
}
