package io.managedkvs.raftkv.pd.schedule;

import java.util.List;

/**
 * A change to one region, as steps run in order by the region's leader: e.g. moving a replica is
 * AddLearner, PromoteLearner, RemovePeer.
 *
 * @param scheduler the scheduler that decided it, for logs and metrics
 * @param reason why, in words an operator can read in the log
 */
public record Operator(long regionId, String scheduler, String reason, List<Step> steps) {

    public Operator {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("steps: an operator needs at least one");
        }
    }

    /** Moves the replica on {@code from} to {@code to}: a learner first, so the region never has fewer voters. */
    public static Operator moveReplica(long regionId, String scheduler, String reason, long from, long to) {
        return new Operator(regionId, scheduler, reason,
                List.of(new Step.AddLearner(to, 0), new Step.PromoteLearner(to), new Step.RemovePeer(from)));
    }

    /** Adds a voter on {@code to}. */
    public static Operator addReplica(long regionId, String scheduler, String reason, long to) {
        return new Operator(regionId, scheduler, reason, List.of(new Step.AddLearner(to, 0), new Step.PromoteLearner(to)));
    }

    @Override
    public String toString() {
        return scheduler + " region " + regionId + " " + steps + " (" + reason + ")";
    }
}
