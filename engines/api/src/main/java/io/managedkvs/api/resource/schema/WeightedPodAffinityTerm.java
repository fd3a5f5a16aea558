package io.managedkvs.api.resource.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** The schema of {@code io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm}. */
public record WeightedPodAffinityTerm(
        @Required
        @JsonPropertyDescription("The pods, and the topology domain around them, this preference is about.")
        PodAffinityTerm podAffinityTerm,
        @Required
        @Min(1)
        @Max(100)
        @JsonPropertyDescription("How much this preference counts, from 1 to 100, against the member pod's other preferences.")
        Integer weight) {
}
