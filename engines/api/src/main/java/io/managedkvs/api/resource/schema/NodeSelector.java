package io.managedkvs.api.resource.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** The schema of {@code io.fabric8.kubernetes.api.model.NodeSelector}. */
public record NodeSelector(
        @Required
        @JsonPropertyDescription("Alternative sets of conditions on a node; a node qualifies when it meets at least one of them.")
        List<NodeSelectorTerm> nodeSelectorTerms) {
}
