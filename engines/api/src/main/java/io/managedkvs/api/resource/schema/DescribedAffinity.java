package io.managedkvs.api.resource.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The schema of a pod's affinity ({@code io.fabric8.kubernetes.api.model.Affinity}), with descriptions. */
public record DescribedAffinity(
        @JsonPropertyDescription("Rules that choose which nodes a member pod may run on, or prefers, by the nodes' labels and fields.")
        NodeAffinity nodeAffinity,
        @JsonPropertyDescription("Rules that place a member pod on the same node, zone or other topology domain as pods matching a label selector.")
        PodAffinity podAffinity,
        @JsonPropertyDescription("Rules that keep a member pod away from the topology domains of pods matching a label selector. Members of this instance are already spread apart by spec.scheduling.spreadPolicy; use this to keep them away from other workloads.")
        PodAntiAffinity podAntiAffinity) {
}
