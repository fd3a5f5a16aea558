package io.managedkvs.raft;

/** How the leader confirms that it may serve a linearizable read. */
public enum ReadOnlyOption {
    /** ReadIndex: a heartbeat round acknowledged by a quorum after the read arrived. */
    SAFE,
    /**
     * Leader lease: while a quorum acknowledged a heartbeat sent less than {@code leaseTicks()} ticks
     * ago, answer at once; otherwise fall back to {@link #SAFE}. Requires CheckQuorum, and assumes
     * that nodes' tick rates differ by less than the lease margin.
     */
    LEASE_BASED
}
