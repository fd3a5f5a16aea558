package io.managedkvs.raft;

/**
 * The answer to a proposal. Accepted proposals carry the index and term their entry got: the
 * application matches them against committed entries to complete the request. Rejected ones carry
 * the reason and, when known, the leader to retry at.
 */
public record ProposalResult(Status status, long index, long term, long leaderHint) {

    public enum Status {
        ACCEPTED,
        /** This node is not the leader; retry at {@code leaderHint} (0 if unknown). */
        NOT_LEADER,
        /** Leadership is being handed over; retry shortly at {@code leaderHint}. */
        LEADER_TRANSFER_IN_PROGRESS,
        /** Too many bytes are proposed and not yet committed; back off. */
        TOO_MANY_UNCOMMITTED,
        /** A membership change is already in flight, or the leader has not committed in its term yet. */
        CONF_CHANGE_PENDING
    }

    public boolean accepted() {
        return status == Status.ACCEPTED;
    }

    static ProposalResult rejected(Status status, long leaderHint) {
        return new ProposalResult(status, 0, 0, leaderHint);
    }
}
