package io.managedkvs.api.resource.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The schema of {@code io.fabric8.kubernetes.api.model.PodAffinity}. */
public record PodAffinity(
        @JsonPropertyDescription("Soft co-location: the scheduler favours nodes in topology domains that hold pods matching these terms, weighted by each term's weight. A member pod still runs where none do.")
        List<WeightedPodAffinityTerm> preferredDuringSchedulingIgnoredDuringExecution,
        @JsonPropertyDescription("Hard co-location: a member pod is only scheduled into a topology domain that already holds pods matching every one of these terms, and stays Pending otherwise. A running pod is not moved when the other pods go away.")
        List<PodAffinityTerm> requiredDuringSchedulingIgnoredDuringExecution) {
}
