package io.managedkvs.api.resource.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** The schema of {@code io.fabric8.kubernetes.api.model.LabelSelectorRequirement}. */
public record LabelSelectorRequirement(
        @Required
        @JsonPropertyDescription("The label the condition is about.")
        String key,
        @Required
        @JsonPropertyDescription("How the object's label is compared with values: In (its value is one of them), NotIn (it is none of them, or the label is absent), Exists (the label is set) or DoesNotExist (it is not).")
        Operator operator,
        @JsonPropertyDescription("The values to compare with. In and NotIn need at least one; Exists and DoesNotExist take none.")
        List<String> values) {

    /** The comparisons a label selector can make. */
    public enum Operator { In, NotIn, Exists, DoesNotExist }
}
