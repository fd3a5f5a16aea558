package io.managedkvs.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.Map;

/** CPU and memory requests and limits of one container, as in a Pod's resources. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ComputeResources(
        @JsonPropertyDescription("Minimum resources the member is guaranteed, for example {cpu: 100m, memory: 128Mi}.")
        Map<String, Quantity> requests,
        @JsonPropertyDescription("Maximum resources the member may use, for example {memory: 256Mi}.")
        Map<String, Quantity> limits) {

    public static final ComputeResources NONE = new ComputeResources(Map.of(), Map.of());

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
