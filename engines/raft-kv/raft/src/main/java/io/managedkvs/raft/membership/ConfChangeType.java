package io.managedkvs.raft.membership;

/** One step of a membership change. */
public enum ConfChangeType {
    /** Add a voter, or promote a learner to voter. */
    ADD_VOTER,
    /** Add a learner, or demote a voter to learner. */
    ADD_LEARNER,
    /** Remove a voter or a learner. */
    REMOVE_NODE
}
