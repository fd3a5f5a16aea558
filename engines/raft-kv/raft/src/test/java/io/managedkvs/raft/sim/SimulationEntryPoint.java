package io.managedkvs.raft.sim;

import io.managedkvs.raft.TestingBridge;

/** Runs one seed from outside this package (the benchmarks). */
public final class SimulationEntryPoint {

    private SimulationEntryPoint() {
    }

    /** Runs {@code seed} for {@code steps} ticks; returns the violation, or null. */
    public static String runSeed(long seed, int steps) {
        return new Simulation(seed, steps, TestingBridge.Bug.NONE, false).run().violation();
    }
}
