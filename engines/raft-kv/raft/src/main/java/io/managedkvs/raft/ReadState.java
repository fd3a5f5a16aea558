package io.managedkvs.raft;

/**
 * A confirmed read: once the application has applied {@code index}, it may serve the read it
 * registered with {@code requestId}, and the result is linearizable.
 */
public record ReadState(long index, long requestId) {
}
