package io.managedkvs.scheduler.policy;

/**
 * A node kube-scheduler found feasible for the pod, with the failure domain it belongs to.
 *
 * @param node the node's name
 * @param zone the node's zone, or its own name-derived zone when it has no zone label (see {@link Zones})
 */
public record Candidate(String node, String zone) {
}
