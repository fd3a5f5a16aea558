package io.managedkvs.redis.actuator;

import io.managedkvs.api.engine.EngineStatus.Finding;
import java.util.List;
import java.util.Optional;

/**
 * What the planner decided from one observation.
 *
 * @param primary      the member that is (or, once bootstrapped, will be) the primary, if known
 * @param steps        data-plane steps, in order
 * @param restarts     members to restart (at most one at a time)
 * @param problems     what is wrong
 * @param progress     what is under way
 * @param membersReady data members serving and in sync
 * @param settled      whether roles are settled: primary known and writable, every replica in sync, no failover running
 */
public record Plan(Optional<String> primary, List<Step> steps, List<Restart> restarts, List<Finding> problems,
                   List<Finding> progress, int membersReady, boolean settled) {

    public Plan {
        steps = List.copyOf(steps);
        restarts = List.copyOf(restarts);
        problems = List.copyOf(problems);
        progress = List.copyOf(progress);
    }

    public boolean hasProblem(String reason) {
        return problems.stream().anyMatch(f -> f.reason().equals(reason));
    }

    /** Whether nothing needs doing. */
    public boolean idle() {
        return steps.isEmpty() && restarts.isEmpty();
    }
}
