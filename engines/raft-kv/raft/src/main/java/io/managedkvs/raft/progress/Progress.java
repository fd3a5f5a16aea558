package io.managedkvs.raft.progress;

/**
 * What the leader knows about one member's log: the highest index known to match ({@code match}),
 * the next index to send ({@code next}), and how it is replicating to it.
 */
public final class Progress {

    private long match;
    private long next;
    private ProgressState state = ProgressState.PROBE;
    private long pendingSnapshot;
    private boolean recentActive;
    private boolean probeSent;
    private boolean learner;
    private long ackedRound;
    private final Inflights inflights;

    public Progress(long next, int maxInflight, long maxInflightBytes, boolean learner) {
        this.next = next;
        this.learner = learner;
        this.inflights = new Inflights(maxInflight, maxInflightBytes);
    }

    public long match() { return match; }
    public long next() { return next; }
    public ProgressState state() { return state; }
    /** The index of the snapshot being sent, in state {@link ProgressState#SNAPSHOT}; 0 otherwise. */
    public long pendingSnapshot() { return state == ProgressState.SNAPSHOT ? pendingSnapshot : 0; }
    public boolean recentActive() { return recentActive; }
    public boolean learner() { return learner; }
    public long ackedRound() { return ackedRound; }
    public Inflights inflights() { return inflights; }

    public void setRecentActive(boolean active) { this.recentActive = active; }
    void setLearner(boolean learner) { this.learner = learner; }

    /** The leader's own progress, and a new leader's view of everyone else, start here. */
    public void reset(long next, long match) {
        this.next = next;
        this.match = match;
        this.ackedRound = 0;
        this.recentActive = false;
        resetState(ProgressState.PROBE);
    }

    public void ackRound(long round) {
        if (round > ackedRound) {
            ackedRound = round;
        }
    }

    public void becomeProbe() {
        if (state == ProgressState.SNAPSHOT) {
            long pending = pendingSnapshot;
            resetState(ProgressState.PROBE);
            next = Math.max(match + 1, pending + 1);
        } else {
            resetState(ProgressState.PROBE);
            next = match + 1;
        }
    }

    public void becomeReplicate() {
        resetState(ProgressState.REPLICATE);
        next = match + 1;
    }

    public void becomeSnapshot(long snapshotIndex) {
        resetState(ProgressState.SNAPSHOT);
        pendingSnapshot = snapshotIndex;
    }

    /** Accounts for an append just sent with {@code count} entries ending at {@code lastIndex}. */
    public void sentEntries(int count, long bytes, long lastIndex) {
        if (count == 0) {
            return;
        }
        if (state == ProgressState.REPLICATE) {
            next = lastIndex + 1;
            inflights.add(lastIndex, bytes);
        } else if (state == ProgressState.PROBE) {
            probeSent = true;
        }
    }

    /** A probe with no entries was sent: wait for its answer before probing again. */
    public void sentEmptyProbe() {
        if (state == ProgressState.PROBE) {
            probeSent = true;
        }
    }

    /** The follower accepted up to {@code index}. Returns whether {@code match} advanced. */
    public boolean maybeUpdate(long index) {
        boolean updated = false;
        if (match < index) {
            match = index;
            updated = true;
            probeSent = false;
        }
        next = Math.max(next, index + 1);
        return updated;
    }

    /**
     * The follower rejected an append whose previous entry was {@code rejected}; its log may match
     * up to {@code matchHint}. Returns false if the rejection is stale.
     */
    public boolean maybeDecrTo(long rejected, long matchHint) {
        if (state == ProgressState.REPLICATE) {
            if (rejected <= match) {
                return false;
            }
            next = match + 1;
            return true;
        }
        if (next - 1 != rejected) {
            return false;
        }
        next = Math.max(Math.min(rejected, matchHint + 1), match + 1);
        probeSent = false;
        return true;
    }

    /**
     * The transport finished sending a snapshot. On failure the pending snapshot is forgotten.
     * Either way probing resumes after the next heartbeat answer.
     */
    public void snapshotDone(boolean success) {
        if (!success) {
            pendingSnapshot = 0;
        }
        becomeProbe();
        probeSent = true;
    }

    /** A heartbeat answered: a paused probe may go again. */
    public void resumeProbe() {
        probeSent = false;
    }

    public boolean isPaused() {
        return switch (state) {
            case PROBE -> probeSent;
            case REPLICATE -> inflights.full();
            case SNAPSHOT -> true;
        };
    }

    private void resetState(ProgressState newState) {
        probeSent = false;
        pendingSnapshot = 0;
        state = newState;
        inflights.reset();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(state.name()).append(" match=").append(match).append(" next=").append(next);
        if (learner) {
            sb.append(" learner");
        }
        if (state == ProgressState.SNAPSHOT) {
            sb.append(" pendingSnapshot=").append(pendingSnapshot);
        }
        if (probeSent) {
            sb.append(" paused");
        }
        if (inflights.count() > 0) {
            sb.append(" inflight=").append(inflights.count());
        }
        return sb.toString();
    }
}
