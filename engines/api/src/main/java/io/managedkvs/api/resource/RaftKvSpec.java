package io.managedkvs.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.regex.Matcher;

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
        Protocols protocols,
        @Pattern(DURATION_PATTERN)
        @JsonPropertyDescription("A store that stays down this long is replaced: the operator removes it from the placement driver, deletes its volume and pod, and a fresh store takes its place while the placement driver restores the missing replicas. A duration such as 30m, 1h or 90s; at least 1m. Defaults to 30m.")
        String downStoreReplaceAfter) {

    /** A duration as the processes accept it: a whole number and a unit (ms, s, m or h). */
    public static final String DURATION_PATTERN = "^[0-9]+(ms|s|m|h)$";

    /** Every field defaulted, for an instance without a {@code spec.raftKv} section. */
    public static final RaftKvSpec DEFAULT = new RaftKvSpec(null, null, null, null, null);

    public static final String DEFAULT_DOWN_STORE_REPLACE_AFTER = "30m";
    private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile("([0-9]+)(ms|s|m|h)");

    /** How long a store may stay down before it is replaced, defaulted; throws on text that is not a duration. */
    public Duration effectiveDownStoreReplaceAfter() {
        return parseDuration(downStoreReplaceAfter == null ? DEFAULT_DOWN_STORE_REPLACE_AFTER : downStoreReplaceAfter);
    }

    /** Parses {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}; throws IllegalArgumentException naming the text otherwise. */
    public static Duration parseDuration(String text) {
        Matcher m = text == null ? null : DURATION.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not a duration such as 500ms, 10s, 5m or 1h: '" + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

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

    public PlacementDriverSpec effectivePlacementDriver() {
        return placementDriver == null ? PlacementDriverSpec.DEFAULT : placementDriver;
    }

    public Protocols effectiveProtocols() {
        return protocols == null ? Protocols.DEFAULT : protocols;
    }

    /** The placement driver's own members. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PlacementDriverSpec(
            @Min(1)
            @Max(7)
            @JsonPropertyDescription("Number of placement driver members: 1, 3, 5 or 7. Defaults to 3. Fixed when the instance is created.")
            Integer replicas,
            @JsonPropertyDescription("CPU and memory of each placement driver member.")
            ComputeResources resources,
            @JsonPropertyDescription("Persistent storage of each placement driver member. Defaults to 1Gi of the cluster's default StorageClass.")
            StorageSpec storage) {

        public static final PlacementDriverSpec DEFAULT = new PlacementDriverSpec(null, null, null);

        // On the accessor rather than the component, so that the rule appears once in the schema.
        @Override
        @ValidationRule(value = "self == oldSelf", message = "spec.raftKv.placementDriver.replicas is fixed when the instance is created: the members know each other from their first start")
        public Integer replicas() {
            return replicas;
        }
        public static final int DEFAULT_REPLICAS = 3;

        public int effectiveReplicas() {
            return replicas == null ? DEFAULT_REPLICAS : replicas;
        }
    }

    /** Which protocols the stores serve. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Protocols(
            @JsonPropertyDescription("Serve the gRPC key-value API. Defaults to true.")
            Boolean grpc,
            @JsonPropertyDescription("Serve the Redis protocol (RESP) for common commands. Defaults to true.")
            Boolean resp) {

        public static final Protocols DEFAULT = new Protocols(null, null);

        public boolean grpcOrDefault() {
            return grpc == null || grpc;
        }

        public boolean respOrDefault() {
            return resp == null || resp;
        }
    }
}
