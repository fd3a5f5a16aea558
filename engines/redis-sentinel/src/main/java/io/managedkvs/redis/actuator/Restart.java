package io.managedkvs.redis.actuator;

/**
 * A member that must restart to run its current definition. The actuator does not restart members
 * itself: the operator deletes the pod, a local cluster restarts the process.
 */
public record Restart(String member, String reason) {
}
