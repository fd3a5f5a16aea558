package io.managedkvs.raft.sim;

import java.util.SplittableRandom;

/**
 * The shape of one simulated run, drawn from its seed: cluster size, network faults, feature flags
 * and flow-control limits, so that the seeds together cover many combinations.
 */
record SimParams(
        int voters,
        int spares,
        double lossRate,
        double duplicateRate,
        int maxDelay,
        double faultRate,
        double crashInReadyRate,
        boolean preVote,
        boolean checkQuorum,
        boolean leaseReads,
        double leaseChallengeRate,
        double membershipChallengeRate,
        long maxSizePerMsg,
        int maxInflight,
        long maxInflightBytes,
        long maxUncommittedBytes,
        int electionTick,
        int heartbeatTick,
        boolean drift,
        boolean splitStart) {

    /**
     * With drift, each node's clock runs at its own rate, within this fraction of the nominal one.
     * Lease reads assume a follower ticks at most electionTick − 1 times while the leader ticks
     * leaseTicks = electionTick − 2 times (one tick is lost to rounding where the lease starts and
     * ends): rates may differ by a factor of 9/8 for electionTick 10. Rates within ±4% differ by at
     * most 1.04 / 0.96 ≈ 1.083, which leaves room for the simulator's own rounding of tick times to
     * a tenth of a tick.
     */
    static final double MAX_DRIFT = 0.04;

    static SimParams draw(SplittableRandom rnd) {
        int voters = rnd.nextBoolean() ? 3 : 5;
        boolean checkQuorum = rnd.nextBoolean();
        double faultRate = pick(rnd, 0.01, 0.03, 0.06);
        boolean leaseReads = checkQuorum && rnd.nextBoolean();
        return new SimParams(
                voters,
                2,
                pick(rnd, 0.0, 0.01, 0.05, 0.15),
                pick(rnd, 0.0, 0.01, 0.05),
                (int) pick(rnd, 3, 10, 30),
                faultRate,
                pick(rnd, 0.0, 0.002, 0.01),
                rnd.nextBoolean(),
                checkQuorum,
                leaseReads,
                leaseReads ? pick(rnd, 0.005, 0.01, 0.02) : 0,
                pick(rnd, 0, 0.005, 0.01),
                (long) pick(rnd, 1, 100, 4096),
                (int) pick(rnd, 1, 4, 256),
                (long) pick(rnd, 0, 0, 200),
                (long) pick(rnd, 0, 0, 2000),
                10,
                2,
                rnd.nextBoolean(),
                false);
    }

    /** The same run, started as a group a split has just created (node 1 is the split leader's member) or not. */
    SimParams withSplitStart(boolean split) {
        return new SimParams(voters, spares, lossRate, duplicateRate, maxDelay, faultRate, crashInReadyRate, preVote,
                checkQuorum, leaseReads, leaseChallengeRate, membershipChallengeRate, maxSizePerMsg, maxInflight,
                maxInflightBytes, maxUncommittedBytes, electionTick, heartbeatTick, drift, split);
    }

    private static double pick(SplittableRandom rnd, double... options) {
        return options[rnd.nextInt(options.length)];
    }

    @Override
    public String toString() {
        return "voters=" + voters + " loss=" + lossRate + " dup=" + duplicateRate + " maxDelay=" + maxDelay
                + " faults=" + faultRate + " crashInReady=" + crashInReadyRate + " preVote=" + preVote
                + " checkQuorum=" + checkQuorum + " lease=" + leaseReads + " leaseChallenges=" + leaseChallengeRate
                + " membershipChallenges=" + membershipChallengeRate
                + " maxSizePerMsg=" + maxSizePerMsg
                + " maxInflight=" + maxInflight + " maxInflightBytes=" + maxInflightBytes
                + " maxUncommittedBytes=" + maxUncommittedBytes + " drift=" + drift + " splitStart=" + splitStart;
    }
}
