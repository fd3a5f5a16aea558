package io.managedkvs.raftkv.pd.raft;

/** What the replicated log drives. Called on the loop thread only. */
public interface StateMachine {

    /** Applies the command of a committed entry. */
    void apply(byte[] command);

    /** The whole state, for a snapshot. */
    byte[] snapshot();

    /** Replaces the whole state with a snapshot's. */
    void restore(byte[] snapshot);
}
