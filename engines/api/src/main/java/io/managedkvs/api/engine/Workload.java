package io.managedkvs.api.engine;

/**
 * A StatefulSet or Deployment of one component, as far as engines need it.
 *
 * @param name            the workload's name
 * @param component       the value of the {@code app.kubernetes.io/component} label
 * @param desiredReplicas replicas asked for
 * @param readyReplicas   replicas ready
 * @param updateRevision  the template revision pods should run (StatefulSets), or empty
 */
public record Workload(String name, String component, int desiredReplicas, int readyReplicas, String updateRevision) {

    public Workload {
        updateRevision = updateRevision == null ? "" : updateRevision;
    }
}
