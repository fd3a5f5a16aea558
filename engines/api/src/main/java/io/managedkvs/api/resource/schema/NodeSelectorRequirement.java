package io.managedkvs.api.resource.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** The schema of {@code io.fabric8.kubernetes.api.model.NodeSelectorRequirement}. */
public record NodeSelectorRequirement(
        @Required
        @JsonPropertyDescription("The node label (or, in matchFields, the node field) the condition is about, for example topology.kubernetes.io/zone.")
        String key,
        @Required
        @JsonPropertyDescription("How the node's value is compared with values: In (one of them), NotIn (none of them), Exists (the key is set), DoesNotExist (the key is not set), Gt or Lt (greater or less than the single integer in values).")
        Operator operator,
        @JsonPropertyDescription("The values to compare with. In and NotIn need at least one; Exists and DoesNotExist take none; Gt and Lt take exactly one integer.")
        List<String> values) {

    /** The comparisons a node selector can make. */
    public enum Operator { In, NotIn, Exists, DoesNotExist, Gt, Lt }
}
