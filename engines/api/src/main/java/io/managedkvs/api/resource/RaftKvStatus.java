package io.managedkvs.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * What the placement driver reported about a raft-kv instance. The operator also reads it back: a
 * store pod is only removed once its store is a tombstone here, so scale-in never drops a replica
 * the placement driver has not moved away.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RaftKvStatus(
        @JsonPropertyDescription("Regions (key ranges, each replicated by its own Raft group).")
        Long regions,
        @JsonPropertyDescription("Regions with fewer replicas than the replication factor, or with a replica on a down store.")
        Long underReplicatedRegions,
        @JsonPropertyDescription("Regions with no leader the placement driver has heard of.")
        Long leaderlessRegions,
        @JsonPropertyDescription("The placement driver member that leads, by its address.")
        String placementDriverLeader,
        @JsonPropertyDescription("Every store the placement driver knows that is not yet removed for good (tombstones are left out).")
        List<StoreStatus> stores) {

    public RaftKvStatus {
        stores = stores == null ? List.of() : List.copyOf(stores);
    }

    /** One store as the placement driver sees it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StoreStatus(
            @JsonPropertyDescription("The store's id, assigned by the placement driver when it first started; never reused.")
            Long id,
            @JsonPropertyDescription("The pod the store runs in, from its advertised address.")
            String pod,
            @JsonPropertyDescription("Up, Down (not heard from), Offline (being drained before removal) or Tombstone (removed).")
            String state,
            @JsonPropertyDescription("Region replicas on the store.")
            Long regions,
            @JsonPropertyDescription("Regions the store leads.")
            Long leaders,
            @JsonPropertyDescription("Whether leaders are being kept off the store (during its restart for an upgrade).")
            Boolean leaderEvicted,
            @JsonPropertyDescription("Whether the operator replaced the store's pod and volume after it stayed down; the placement driver removes it once its replicas are rebuilt elsewhere.")
            Boolean replaced) {

        public static final String UP = "Up";
        public static final String DOWN = "Down";
        public static final String OFFLINE = "Offline";
        public static final String TOMBSTONE = "Tombstone";

        public boolean tombstone() {
            return TOMBSTONE.equals(state);
        }
    }
}
