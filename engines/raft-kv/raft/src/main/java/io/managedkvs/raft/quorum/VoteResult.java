package io.managedkvs.raft.quorum;

/** The outcome of an election so far. */
public enum VoteResult {
    /** Not decided: some voters have not answered. */
    PENDING,
    /** Decided against the candidate. */
    LOST,
    /** Decided for the candidate. */
    WON
}
