package io.managedkvs.raft.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.raft.TestingBridge;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Shows that the simulator is not vacuous: with each deliberate bug switched into the core, it
 * reports a violation within a bounded number of seeds.
 */
class DeliberateBugDetectionTest {

    /** Seeds tried per bug before giving up; each bug is caught well within it (see docs/raft.md). */
    private static final int MAX_SEEDS = 500;

    @ParameterizedTest
    @EnumSource(value = TestingBridge.Bug.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void simulatorCatchesTheBug(TestingBridge.Bug bug) throws Exception {
        int steps = 1000;
        SimulationRunner.Summary s = SimulationRunner.run(1, MAX_SEEDS, steps, bug, 1, 1);
        assertThat(s.failures()).as("a violation with " + bug + " within " + MAX_SEEDS + " seeds").isNotEmpty();
        Simulation.Result first = s.failures().get(0);
        System.out.println("raft-sim-bug " + bug + ": caught at seed " + first.seed() + " after "
                + s.seeds() + " seeds: " + first.violation());
    }
}
