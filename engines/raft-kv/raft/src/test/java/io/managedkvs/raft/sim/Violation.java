package io.managedkvs.raft.sim;

/** A safety or liveness property the simulation found broken. */
final class Violation extends RuntimeException {

    Violation(String message) {
        super(message, null, false, false);
    }
}
