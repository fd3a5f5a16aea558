package io.managedkvs.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.Quantity;

/** Settings of the raft-kv engine. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RaftKvSpec(
        @JsonPropertyDescription("The placement driver, which tracks where every region lives and balances them.")
        PlacementDriverSpec placementDriver,
        @Min(1)
        @Max(7)
        @JsonPropertyDescription("Copies of each region, on different stores. Defaults to 3. Must not exceed spec.replicas.")
        Integer replicationFactor,
        @Pattern(StorageSpec.QUANTITY_PATTERN)
        @JsonPropertyDescription("A region larger than this is split in two. Defaults to 96Mi.")
        String regionMaxSize,
        @JsonPropertyDescription("Client protocols served by every store.")
        Protocols protocols) {

    public static final int DEFAULT_REPLICATION_FACTOR = 3;

    public static final String DEFAULT_REGION_MAX_SIZE = "96Mi";

    /** The split threshold in bytes, defaulted. */
    public long effectiveRegionMaxSizeBytes() {
        String text = regionMaxSize == null ? DEFAULT_REGION_MAX_SIZE : regionMaxSize;
        return Quantity.getAmountInBytes(new Quantity(text)).longValueExact();
    }

    public int effectiveReplicationFactor() {
        return replicationFactor == null ? DEFAULT_REPLICATION_FACTOR : replicationFactor;
    }

    /** The placement driver's own members. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PlacementDriverSpec(
            @Min(1)
            @Max(7)
            @JsonPropertyDescription("Number of placement driver members. Defaults to 3.")
            Integer replicas,
            @JsonPropertyDescription("CPU and memory of each placement driver member.")
            ComputeResources resources,
            @JsonPropertyDescription("Persistent storage of each placement driver member.")
            StorageSpec storage) {
    }

    /** Which protocols the stores serve. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Protocols(
            @JsonPropertyDescription("Serve the gRPC key-value API. Defaults to true.")
            Boolean grpc,
            @JsonPropertyDescription("Serve the Redis protocol (RESP) for common commands. Defaults to true.")
            Boolean resp) {
    }
}
