package io.managedkvs.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.List;
import java.util.Map;

/**
 * CPU and memory requests and limits of one container, as in a Pod's resources. The schema checks
 * each value is a quantity (a pattern on the map values) and each name is one we support (a CEL rule:
 * structural schemas have no propertyNames).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ComputeResources(
        @Size(max = 3)
        @JsonPropertyDescription("Minimum resources the member is guaranteed: cpu, memory and ephemeral-storage, each a Kubernetes quantity, for example {cpu: 100m, memory: 128Mi}.")
        Map<String, @Pattern(StorageSpec.QUANTITY_PATTERN) Quantity> requests,
        @Size(max = 3)
        @JsonPropertyDescription("Maximum resources the member may use: cpu, memory and ephemeral-storage, each a Kubernetes quantity, for example {memory: 256Mi}. A request must not exceed its limit.")
        Map<String, @Pattern(StorageSpec.QUANTITY_PATTERN) Quantity> limits) {

    /** The resource names requests and limits accept. */
    public static final List<String> RESOURCE_NAMES = List.of("cpu", "memory", "ephemeral-storage");
    /** The CEL rule the CRD puts on requests and limits (CEL, because structural schemas cannot restrict map keys). */
    public static final String RESOURCE_NAMES_RULE = "self.all(k, k in ['cpu', 'memory', 'ephemeral-storage'])";
    private static final String RESOURCE_NAMES_MESSAGE = "unknown resource name; use cpu, memory or ephemeral-storage";
    /** Names the first unknown resource; the API server falls back to the message where it cannot evaluate this. */
    public static final String RESOURCE_NAMES_MESSAGE_EXPRESSION =
            "'unknown resource ' + self.filter(k, !(k in ['cpu', 'memory', 'ephemeral-storage']))[0] + '; use cpu, memory or ephemeral-storage'";

    public static final ComputeResources NONE = new ComputeResources(Map.of(), Map.of());

    // The rules sit on the accessors rather than the components so that each appears once in the schema.
    @Override
    @ValidationRule(value = RESOURCE_NAMES_RULE, message = RESOURCE_NAMES_MESSAGE, messageExpression = RESOURCE_NAMES_MESSAGE_EXPRESSION)
    public Map<String, Quantity> requests() {
        return requests;
    }

    @Override
    @ValidationRule(value = RESOURCE_NAMES_RULE, message = RESOURCE_NAMES_MESSAGE, messageExpression = RESOURCE_NAMES_MESSAGE_EXPRESSION)
    public Map<String, Quantity> limits() {
        return limits;
    }

    public ComputeResources {
        requests = requests == null ? Map.of() : Map.copyOf(requests);
        limits = limits == null ? Map.of() : Map.copyOf(limits);
    }

    /** The Kubernetes container resources these stand for. */
    public ResourceRequirements toRequirements() {
        return new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build();
    }

    /** These resources, or the fallback when none were given. */
    public ComputeResources orElse(ComputeResources fallback) {
        return requests.isEmpty() && limits.isEmpty() ? fallback : this;
    }
}
