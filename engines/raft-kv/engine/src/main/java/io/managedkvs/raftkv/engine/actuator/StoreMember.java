package io.managedkvs.raftkv.engine.actuator;

/**
 * A store pod as the planner needs it.
 *
 * @param pod         the pod name
 * @param ordinal     its StatefulSet ordinal
 * @param ready       Kubernetes reports it ready and it is not being deleted
 * @param terminating it is being deleted
 * @param upToDate    it runs the current store template
 */
public record StoreMember(String pod, int ordinal, boolean ready, boolean terminating, boolean upToDate) {
}
