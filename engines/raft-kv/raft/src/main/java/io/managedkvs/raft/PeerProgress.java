package io.managedkvs.raft;

import io.managedkvs.raft.progress.ProgressState;

/**
 * What a leader knows about one member's log, copied out of its replication state so the
 * application can look without reaching into the core: the highest index known to match
 * ({@code match}), the next index it will send ({@code next}), how it replicates to the member
 * ({@code state}), and the snapshot index it is sending when that state is
 * {@link ProgressState#SNAPSHOT} (0 otherwise).
 *
 * @param recentActive heard from within the current election timeout (only maintained with CheckQuorum)
 */
public record PeerProgress(long id, long match, long next, ProgressState state, long pendingSnapshot,
                           boolean learner, boolean recentActive) {

    /** The leader is sending this member a snapshot and sends it no entries until that is reported. */
    public boolean receivingSnapshot() {
        return state == ProgressState.SNAPSHOT;
    }

    /** The leader does not know yet where this member's log matches its own (one append per heartbeat). */
    public boolean probing() {
        return state == ProgressState.PROBE;
    }
}
