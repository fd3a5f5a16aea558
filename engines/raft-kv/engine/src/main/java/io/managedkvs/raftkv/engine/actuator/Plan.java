package io.managedkvs.raftkv.engine.actuator;

import io.managedkvs.api.engine.ClusterChange;
import io.managedkvs.api.engine.EngineStatus.Finding;
import java.util.List;
import java.util.Set;

/**
 * What the planner decided from one observation.
 *
 * @param pdSteps     calls to the placement driver, in order
 * @param changes     Kubernetes changes for the operator (restart or replace a store pod)
 * @param problems    what is wrong
 * @param progress    what is under way
 * @param storesReady stores wanted by the spec that are ready, registered, up and heard from
 * @param replaced    stores whose pods and volumes were replaced and that are not yet tombstones
 * @param settled     nothing is under way or waiting
 */
public record Plan(List<PdStep> pdSteps, List<ClusterChange> changes, List<Finding> problems, List<Finding> progress,
                   int storesReady, Set<Long> replaced, boolean settled) {

    public Plan {
        pdSteps = List.copyOf(pdSteps);
        changes = List.copyOf(changes);
        problems = List.copyOf(problems);
        progress = List.copyOf(progress);
        replaced = Set.copyOf(replaced);
    }
}
