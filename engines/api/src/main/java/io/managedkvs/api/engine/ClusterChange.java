package io.managedkvs.api.engine;

import java.util.List;
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

    /**
     * Deletes a member's persistent volume claims, then the member pod, so that its workload recreates
     * it with empty volumes: a fresh member in place of one whose data is given up (raft-kv replaces a
     * store that stayed down; its replicas are rebuilt from the others). Only claims that belong to the
     * same instance are deleted.
     *
     * @param claims the names of the member's claims, for example {@code data-cache-store-2}
     */
    record ReplaceMember(String member, List<String> claims, String reason) implements ClusterChange {
        public ReplaceMember {
            claims = List.copyOf(claims);
        }
    }
}
