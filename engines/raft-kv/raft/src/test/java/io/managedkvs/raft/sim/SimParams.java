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
        long maxSizePerMsg,
        int maxInflight,
        long maxInflightBytes,
        long maxUncommittedBytes,
        int electionTick,
        int heartbeatTick) {

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
                (long) pick(rnd, 1, 100, 4096),
                (int) pick(rnd, 1, 4, 256),
                (long) pick(rnd, 0, 0, 200),
                (long) pick(rnd, 0, 0, 2000),
                10,
                2);
    }

    private static double pick(SplittableRandom rnd, double... options) {
        return options[rnd.nextInt(options.length)];
    }

    @Override
    public String toString() {
        return "voters=" + voters + " loss=" + lossRate + " dup=" + duplicateRate + " maxDelay=" + maxDelay
                + " faults=" + faultRate + " crashInReady=" + crashInReadyRate + " preVote=" + preVote
                + " checkQuorum=" + checkQuorum + " lease=" + leaseReads + " leaseChallenges=" + leaseChallengeRate
                + " maxSizePerMsg=" + maxSizePerMsg
                + " maxInflight=" + maxInflight + " maxInflightBytes=" + maxInflightBytes
                + " maxUncommittedBytes=" + maxUncommittedBytes;
    }
}
