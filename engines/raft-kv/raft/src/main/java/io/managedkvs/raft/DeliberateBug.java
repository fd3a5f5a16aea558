package io.managedkvs.raft;

/**
 * Testing only: a known bug the core can be built with, to show that the simulator detects it.
 * Reachable only through a package-private constructor of {@link RaftNode}; production nodes are
 * always {@link #NONE}, and each check costs one comparison of a final field.
 */
enum DeliberateBug {
    NONE,
    /** The leader commits by counting replicas even when the entry is from an earlier term (§5.4.2). */
    COMMIT_PREVIOUS_TERM_BY_COUNTING,
    /** Votes are granted without checking that the candidate's log is up to date (§5.4.1). */
    VOTE_WITHOUT_LOG_CHECK,
    /** ReadIndex is answered at once, without confirming leadership with a quorum (thesis §6.4). */
    READ_INDEX_WITHOUT_QUORUM,
    /** Followers accept appends whose previous entry's term does not match (§5.3). */
    APPEND_WITHOUT_LOG_MATCH,
    /** A node that (re)starts with lease reads votes at once, though it may have backed a leader's lease before it crashed. */
    NO_RESTART_VOTE_LEASE,
    /** Nodes that heard from their leader within the election timeout still grant votes of higher terms (thesis §4.2.3, §6.4.1). */
    LEASE_VOTES_NOT_IGNORED,
    /** A vote granted within the node's current term is not handed out in the Ready's HardState, so it is never persisted. */
    HARD_STATE_VOTE_NOT_IN_READY,
    /** The leader keeps serving lease reads after it told a transferee to campaign (thesis §3.10, §6.4.1). */
    LEASE_KEPT_ON_TRANSFER,
    /** A new leader accepts a membership change before it has committed an entry of its term (the single-server change bug). */
    CONF_CHANGE_BEFORE_TERM_COMMIT,
    /** The lease runs a few ticks longer than the election timeout that followers back it for. */
    LEASE_LONGER_THAN_ELECTION_TIMEOUT,
    /** A node created by a split keeps voting early for the split leader's peer after it heard from a leader. */
    SPLIT_VOTE_KEPT_AFTER_LEADER
}
