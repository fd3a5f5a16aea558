package io.managedkvs.api.resource.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The schema of {@code io.fabric8.kubernetes.api.model.NodeAffinity}. */
public record NodeAffinity(
        @JsonPropertyDescription("Node preferences: the scheduler adds up the weights of the terms a node matches and favours the nodes with the highest sum. A member pod still runs where no term matches.")
        List<PreferredSchedulingTerm> preferredDuringSchedulingIgnoredDuringExecution,
        @JsonPropertyDescription("Node requirements: a member pod is only scheduled on a node that matches them, and stays Pending if no node does. A pod already running is not moved when its node stops matching.")
        NodeSelector requiredDuringSchedulingIgnoredDuringExecution) {
}
