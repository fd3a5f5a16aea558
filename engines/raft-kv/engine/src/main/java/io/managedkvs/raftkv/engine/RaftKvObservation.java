package io.managedkvs.raftkv.engine;

import io.managedkvs.raftkv.engine.actuator.PdCluster;
import io.managedkvs.raftkv.engine.actuator.Plan;
import io.managedkvs.raftkv.engine.actuator.StoreMember;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one observation found: the placement driver's view (or why it could not be had), the store
 * pods, and the plan made from both.
 */
public record RaftKvObservation(Optional<PdCluster> cluster, String pdError, List<StoreMember> stores, Optional<Plan> plan,
                                Instant observedAt) {

    public RaftKvObservation {
        stores = List.copyOf(stores);
    }
}
