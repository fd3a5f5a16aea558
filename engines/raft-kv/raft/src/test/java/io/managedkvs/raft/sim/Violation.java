package io.managedkvs.raft.sim;

/**
 * A safety or liveness property the simulation found broken. The category names the property
 * ({@code "linearizability"}, {@code "log matching"}, ...); the message starts with it.
 */
final class Violation extends RuntimeException {

    static final String ELECTION_SAFETY = "election safety";
    static final String LEADER_APPEND_ONLY = "leader append-only";
    static final String LOG_MATCHING = "log matching";
    static final String LEADER_COMPLETENESS = "leader completeness";
    static final String STATE_MACHINE_SAFETY = "state machine safety";
    static final String DURABILITY = "durability";
    static final String LINEARIZABILITY = "linearizability";
    /** A message promised state its sender had not persisted (the Ready contract), or a node voted twice in a term. */
    static final String READY_CONTRACT = "ready contract";
    static final String LIVENESS = "liveness";
    /** The simulator itself misbehaved, or the core threw. */
    static final String HARNESS = "harness";

    private final String category;

    Violation(String category, String detail) {
        super(category + ": " + detail, null, false, false);
        this.category = category;
    }

    String category() {
        return category;
    }
}
