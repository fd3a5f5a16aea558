package io.managedkvs.api.resource.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The schema of {@code io.fabric8.kubernetes.api.model.NodeSelectorTerm}. */
public record NodeSelectorTerm(
        @JsonPropertyDescription("Conditions on the node's labels; a node meets the term only when it meets every condition.")
        List<NodeSelectorRequirement> matchExpressions,
        @JsonPropertyDescription("Conditions on the node's fields (the only field Kubernetes supports is metadata.name); a node meets the term only when it meets every condition.")
        List<NodeSelectorRequirement> matchFields) {
}
