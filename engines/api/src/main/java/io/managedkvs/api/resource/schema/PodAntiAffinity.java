package io.managedkvs.api.resource.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The schema of {@code io.fabric8.kubernetes.api.model.PodAntiAffinity}. */
public record PodAntiAffinity(
        @JsonPropertyDescription("Soft separation: the scheduler avoids nodes in topology domains that hold pods matching these terms, weighted by each term's weight. A member pod still runs there when nothing else fits.")
        List<WeightedPodAffinityTerm> preferredDuringSchedulingIgnoredDuringExecution,
        @JsonPropertyDescription("Hard separation: a member pod is never scheduled into a topology domain that holds a pod matching any of these terms; it stays Pending instead. A running pod is not moved when such a pod arrives later.")
        List<PodAffinityTerm> requiredDuringSchedulingIgnoredDuringExecution) {
}
