package io.managedkvs.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A standard Kubernetes condition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Condition(
        @JsonPropertyDescription("Ready, Progressing, Degraded or SpecValid.")
        String type,
        @JsonPropertyDescription("True, False or Unknown.")
        String status,
        @JsonPropertyDescription("A CamelCase reason for the status.")
        String reason,
        @JsonPropertyDescription("What happened, for a human.")
        String message,
        @JsonPropertyDescription("When status last changed (RFC 3339).")
        String lastTransitionTime,
        @JsonPropertyDescription("The metadata.generation the condition was set for.")
        Long observedGeneration) {

    public static final String READY = "Ready";
    public static final String PROGRESSING = "Progressing";
    public static final String DEGRADED = "Degraded";
    public static final String SPEC_VALID = "SpecValid";

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    public boolean statusTrue() {
        return TRUE.equals(status);
    }
}
