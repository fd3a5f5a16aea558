package io.managedkvs.api.engine;

import java.util.Map;

/** A change to the cluster an engine asks the operator to make. */
public sealed interface ClusterChange {

    /** The pod the change applies to. */
    String member();

    /**
     * Sets labels on a member pod; a {@code null} value removes the label. Used to steer Services,
     * for example the read-write Service that follows the primary.
     */
    record LabelMember(String member, Map<String, String> labels) implements ClusterChange {
        public LabelMember {
            labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
        }
    }

    /** Deletes a member pod so that its workload recreates it, running the current template. */
    record RestartMember(String member, String reason) implements ClusterChange {
    }
}
