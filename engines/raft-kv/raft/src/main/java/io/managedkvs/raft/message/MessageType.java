package io.managedkvs.raft.message;

/** The messages Raft peers exchange. Requests and their responses are kept next to each other. */
public enum MessageType {
    /** Leader to follower: entries after (index, logTerm), and the leader's commit index. */
    APPEND,
    /** Follower to leader: accepted up to {@code index}, or rejected with a hint (rejectHint, logTerm). */
    APPEND_RESPONSE,
    /** Candidate to voter: vote for me in {@code term}; my log ends at (index, logTerm). */
    VOTE,
    VOTE_RESPONSE,
    /** Would you vote for me in {@code term} (one more than mine)? Changes no state at the voter. */
    PRE_VOTE,
    PRE_VOTE_RESPONSE,
    /** Leader to follower: install this snapshot, the entries it needs are compacted. */
    SNAPSHOT,
    /** Leader to follower: I am still leader; {@code context} is the heartbeat round to echo. */
    HEARTBEAT,
    HEARTBEAT_RESPONSE,
    /** To the leader (forwarded by a follower if needed): hand leadership to the node in {@code context}. */
    TRANSFER_LEADER,
    /** Leader to transferee: start an election now, ignoring leases. */
    TIMEOUT_NOW,
    /** Follower to leader: confirm a linearizable read; {@code context} is the caller's request id. */
    READ_INDEX,
    /** Leader to follower: the read with request id {@code context} may be served at {@code index}. */
    READ_INDEX_RESPONSE;

    /** The response type of a vote request type. */
    public MessageType voteResponse() {
        return switch (this) {
            case VOTE -> VOTE_RESPONSE;
            case PRE_VOTE -> PRE_VOTE_RESPONSE;
            default -> throw new IllegalArgumentException("not a vote request: " + this);
        };
    }
}
