package io.managedkvs.api.resource.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** The schema of {@code io.fabric8.kubernetes.api.model.PodAffinityTerm}. */
public record PodAffinityTerm(
        @JsonPropertyDescription("Which pods the term is about. Left out, the term matches no pod.")
        LabelSelector labelSelector,
        @JsonPropertyDescription("Label keys whose values are copied from the member pod's own labels into labelSelector (as key In value), so the term only matches pods that share those values, for example the same rollout revision. Requires labelSelector.")
        List<String> matchLabelKeys,
        @JsonPropertyDescription("Label keys whose values are copied from the member pod's own labels into labelSelector (as key NotIn value), so the term only matches pods whose values differ. Requires labelSelector.")
        List<String> mismatchLabelKeys,
        @JsonPropertyDescription("Selects, by their labels, the namespaces whose pods the term looks at, in addition to those listed in namespaces. An empty selector ({}) means every namespace.")
        LabelSelector namespaceSelector,
        @JsonPropertyDescription("Namespaces whose pods the term looks at. With neither namespaces nor namespaceSelector, only the member pod's own namespace.")
        List<String> namespaces,
        @Required
        @JsonPropertyDescription("The node label that defines a topology domain for this term, for example kubernetes.io/hostname (one node) or topology.kubernetes.io/zone (one zone). Nodes with the same value of this label form one domain.")
        String topologyKey) {
}
