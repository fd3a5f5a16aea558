package io.managedkvs.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Sentinel settings. Each field is defaulted on its own: setting one never changes another.
 * The defaults themselves are chosen by the engine, which documents why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SentinelSpec(
        @Min(1)
        @Max(9)
        @JsonPropertyDescription("Number of Sentinel processes. Defaults to 3. Use an odd number.")
        Integer replicas,
        @Min(1)
        @Max(9)
        @JsonPropertyDescription("How many Sentinels must agree the primary is down before a failover starts. Defaults to a majority of the Sentinels.")
        Integer quorum,
        @Min(100)
        @Max(600000)
        @JsonPropertyDescription("Milliseconds a primary must be unreachable before a Sentinel considers it down. Lower means faster failover and more false alarms.")
        Integer downAfterMilliseconds,
        @Min(1000)
        @Max(3600000)
        @JsonPropertyDescription("Milliseconds a failover may take before another may be attempted for the same primary.")
        Integer failoverTimeout,
        @Min(1)
        @Max(98)
        @JsonPropertyDescription("How many replicas resynchronise with a new primary at once after a failover. Defaults to 1.")
        Integer parallelSyncs,
        @JsonPropertyDescription("CPU and memory of each Sentinel.")
        ComputeResources resources) {

    public static final SentinelSpec DEFAULT = new SentinelSpec(null, null, null, null, null, null);
}
