package io.managedkvs.api.resource.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The schema of a pod's toleration ({@code io.fabric8.kubernetes.api.model.Toleration}), with descriptions. */
public record DescribedToleration(
        @JsonPropertyDescription("The taint effect tolerated: NoSchedule (member pods may be scheduled onto the node), PreferNoSchedule (the scheduler need not avoid the node) or NoExecute (member pods are not evicted from the node). Leave it out to tolerate every effect.")
        Effect effect,
        @JsonPropertyDescription("The taint key tolerated. Leave it out, with operator Exists, to tolerate every taint.")
        String key,
        @JsonPropertyDescription("Equal (the taint's value must equal value; the default) or Exists (any value of the key; leave value out).")
        Operator operator,
        @JsonPropertyDescription("With effect NoExecute: seconds a member pod stays on a node after the taint appears before it is evicted. Leave it out to stay for good; 0 or less evicts at once. Ignored for other effects.")
        Long tolerationSeconds,
        @JsonPropertyDescription("The taint value tolerated, with operator Equal.")
        String value) {

    /** How a toleration matches a taint's value. */
    public enum Operator { Exists, Equal }

    /** What a taint does to pods that do not tolerate it. */
    public enum Effect { NoSchedule, PreferNoSchedule, NoExecute }
}
