package io.managedkvs.api.resource.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/** The schema of {@code io.fabric8.kubernetes.api.model.LabelSelector}. */
public record LabelSelector(
        @JsonPropertyDescription("Conditions on labels; an object is selected only when it meets every condition and every entry of matchLabels.")
        List<LabelSelectorRequirement> matchExpressions,
        @JsonPropertyDescription("Labels an object must carry with exactly these values, for example {app: web}.")
        Map<String, String> matchLabels) {
}
