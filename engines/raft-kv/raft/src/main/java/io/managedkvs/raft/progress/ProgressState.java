package io.managedkvs.raft.progress;

/** How the leader currently replicates to one follower. */
public enum ProgressState {
    /** The leader does not know where the follower's log matches; one append per heartbeat. */
    PROBE,
    /** The follower is known to match; appends stream optimistically within the in-flight window. */
    REPLICATE,
    /** The follower needs a snapshot; appends wait until the snapshot is reported. */
    SNAPSHOT
}
