package io.managedkvs.raftkv.pd.raft;

/** A proposal could not be (or may not have been) committed because this member does not lead. */
public final class NotLeaderException extends RuntimeException {

    private final long leaderId;

    public NotLeaderException(long leaderId) {
        super(leaderId == 0 ? "no PD leader known" : "PD member " + leaderId + " leads");
        this.leaderId = leaderId;
    }

    /** The leader to retry at, 0 if unknown. */
    public long leaderId() {
        return leaderId;
    }
}
