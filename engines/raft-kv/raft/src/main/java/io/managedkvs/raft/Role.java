package io.managedkvs.raft;

/** A node's role in its group. */
public enum Role {
    FOLLOWER,
    /** Asking whether it could win (PreVote), without having changed its term. */
    PRE_CANDIDATE,
    CANDIDATE,
    LEADER
}
