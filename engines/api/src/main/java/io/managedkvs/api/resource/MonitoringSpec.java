package io.managedkvs.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Metrics of the data members. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MonitoringSpec(
        @JsonPropertyDescription("Expose Prometheus metrics of every data member. Defaults to true.")
        Boolean enabled,
        @JsonPropertyDescription("Image of the metrics exporter sidecar, where the engine needs one. Leave it out for the platform's default.")
        String exporterImage,
        @JsonPropertyDescription("CPU and memory of the exporter sidecar.")
        ComputeResources exporterResources) {

    public static final MonitoringSpec DEFAULT = new MonitoringSpec(null, null, null);

    public boolean enabledOrDefault() {
        return enabled == null || enabled;
    }
}
