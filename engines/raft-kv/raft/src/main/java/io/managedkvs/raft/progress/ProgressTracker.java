package io.managedkvs.raft.progress;

import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.quorum.Majority;
import io.managedkvs.raft.quorum.VoteResult;

/**
 * The leader's view of every member and the quorum arithmetic over it: commit index, quorum
 * activity, acknowledged heartbeat rounds and election tallies. Members are held in arrays sorted
 * by id, so iteration is deterministic and lookups and quorum computations allocate nothing.
 */
public final class ProgressTracker {

    private static final byte NO_VOTE = 0;
    private static final byte GRANTED = 1;
    private static final byte REJECTED = 2;

    private final int maxInflight;
    private final long maxInflightBytes;

    private long[] ids = new long[0];
    private Progress[] progress = new Progress[0];
    private long[] incoming = new long[0];
    private long[] outgoing = new long[0];
    private long[] scratch = new long[0];
    private byte[] votes = new byte[0];

    public ProgressTracker(int maxInflight, long maxInflightBytes) {
        this.maxInflight = maxInflight;
        this.maxInflightBytes = maxInflightBytes;
    }

    /**
     * Switches to {@code cs}. Members that stay keep their progress; new ones start probing at
     * {@code lastIndex}, marked recently active so that a snapshot can be sent to them at once.
     */
    public void applyConfig(ConfState cs, long lastIndex) {
        long[] newIds = toArray(cs.members());
        Progress[] newProgress = new Progress[newIds.length];
        byte[] newVotes = new byte[newIds.length];
        for (int i = 0; i < newIds.length; i++) {
            long id = newIds[i];
            int old = indexOf(id);
            boolean learner = !cs.isVoter(id);
            if (old >= 0) {
                newProgress[i] = progress[old];
                newProgress[i].setLearner(learner);
                newVotes[i] = votes[old];
            } else {
                Progress p = new Progress(Math.max(lastIndex, 1), maxInflight, maxInflightBytes, learner);
                p.setRecentActive(true);
                newProgress[i] = p;
            }
        }
        ids = newIds;
        progress = newProgress;
        votes = newVotes;
        incoming = toArray(cs.voters());
        outgoing = toArray(cs.votersOutgoing());
        scratch = new long[Math.max(incoming.length, outgoing.length)];
    }

    public int size() {
        return ids.length;
    }

    public long idAt(int i) {
        return ids[i];
    }

    public Progress progressAt(int i) {
        return progress[i];
    }

    /** The progress of {@code id}, or null if it is not a member. */
    public Progress progress(long id) {
        int i = indexOf(id);
        return i < 0 ? null : progress[i];
    }

    public boolean isVoter(long id) {
        return contains(incoming, id) || contains(outgoing, id);
    }

    /** Whether {@code id} alone forms every quorum (a one-voter group). */
    public boolean isSoleVoter(long id) {
        return incoming.length == 1 && incoming[0] == id && (outgoing.length == 0 || (outgoing.length == 1 && outgoing[0] == id));
    }

    /** The lowest match index over every member, voters and learners alike; 0 with no members. Allocation-free. */
    public long minMatch() {
        if (progress.length == 0) {
            return 0;
        }
        long min = Long.MAX_VALUE;
        for (Progress p : progress) {
            min = Math.min(min, p.match());
        }
        return min;
    }

    /** The highest index a quorum of voters has in its log (the commit candidate). */
    public long committed() {
        return Math.min(quorumMatch(incoming), quorumMatch(outgoing));
    }

    /**
     * The highest heartbeat round a quorum of voters has acknowledged. The node {@code self} counts
     * as having acknowledged {@code selfRound}.
     */
    public long quorumAckedRound(long self, long selfRound) {
        return Math.min(quorumRound(incoming, self, selfRound), quorumRound(outgoing, self, selfRound));
    }

    /** Whether a quorum was heard from since the flags were last cleared; {@code self} always counts. */
    public boolean quorumActive(long self) {
        return quorumActive(incoming, self) && quorumActive(outgoing, self);
    }

    public void resetVotes() {
        java.util.Arrays.fill(votes, NO_VOTE);
    }

    /** Records the first answer of {@code id}; later answers from it are ignored. */
    public void recordVote(long id, boolean granted) {
        int i = indexOf(id);
        if (i >= 0 && votes[i] == NO_VOTE) {
            votes[i] = granted ? GRANTED : REJECTED;
        }
    }

    public VoteResult voteResult() {
        return Majority.joint(tally(incoming), tally(outgoing));
    }

    private VoteResult tally(long[] voters) {
        int granted = 0;
        int rejected = 0;
        for (long id : voters) {
            byte v = votes[indexOf(id)];
            if (v == GRANTED) {
                granted++;
            } else if (v == REJECTED) {
                rejected++;
            }
        }
        return Majority.voteResult(voters.length, granted, rejected);
    }

    private long quorumMatch(long[] voters) {
        for (int i = 0; i < voters.length; i++) {
            scratch[i] = progress[indexOf(voters[i])].match();
        }
        return Majority.committed(scratch, voters.length);
    }

    private long quorumRound(long[] voters, long self, long selfRound) {
        for (int i = 0; i < voters.length; i++) {
            scratch[i] = voters[i] == self ? selfRound : progress[indexOf(voters[i])].ackedRound();
        }
        return Majority.committed(scratch, voters.length);
    }

    private boolean quorumActive(long[] voters, long self) {
        for (int i = 0; i < voters.length; i++) {
            scratch[i] = voters[i] == self || progress[indexOf(voters[i])].recentActive() ? 1 : 0;
        }
        return Majority.committed(scratch, voters.length) >= 1;
    }

    private int indexOf(long id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return -1;
    }

    private static boolean contains(long[] arr, long id) {
        for (long v : arr) {
            if (v == id) {
                return true;
            }
        }
        return false;
    }

    private static long[] toArray(java.util.Collection<Long> set) {
        long[] out = new long[set.size()];
        int i = 0;
        for (Long id : set) {
            out[i++] = id;
        }
        return out;
    }
}
