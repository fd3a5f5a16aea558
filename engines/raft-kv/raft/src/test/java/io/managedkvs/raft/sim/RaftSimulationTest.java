package io.managedkvs.raft.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.raft.TestingBridge;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator over many seeds. {@code raft.sim.seeds} (count) and {@code raft.sim.steps} (ticks
 * per seed) size the run; {@code raft.sim.firstSeed} shifts it; {@code raft.sim.seed} replays one
 * seed with a trace of its last events ({@code raft.sim.bug} names a deliberate bug to replay it
 * with). Prints one summary line.
 */
class RaftSimulationTest {

    @Test
    void safetyAndLivenessHoldForEverySeed() throws Exception {
        int steps = Integer.getInteger("raft.sim.steps", 1000);
        String single = System.getProperty("raft.sim.seed", "");
        if (!single.isBlank()) {
            replay(Long.parseLong(single.trim()), steps);
            return;
        }
        long seeds = Long.getLong("raft.sim.seeds", 2000);
        long first = Long.getLong("raft.sim.firstSeed", 1);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        SimulationRunner.Summary s = SimulationRunner.run(first, seeds, steps, TestingBridge.Bug.NONE, threads, 10);
        List<String> lines = new ArrayList<>();
        for (Simulation.Result r : s.failures()) {
            lines.add("raft-sim FAILED seed=" + r.seed() + ": " + r.violation());
            lines.add("  params: " + r.params());
            lines.add("  replay: " + replayCommand(r.seed(), steps));
        }
        lines.add("raft-sim seeds=" + s.seeds() + " steps=" + steps + " violations=" + s.failures().size()
                + " elections=" + s.stats().elections + " commits=" + s.stats().commits
                + " reads=" + s.stats().reads + " confchanges=" + s.stats().confChanges
                + " prevoteoff=" + s.stats().seedsPreVoteOff + " drift=" + s.stats().seedsWithDrift
                + " splitstart=" + s.stats().seedsSplitStart);
        lines.forEach(System.out::println);
        assertThat(s.failures()).as(String.join("\n", lines)).isEmpty();
        assertThat(s.stats().commits).as("the simulation commits proposals").isPositive();
        assertThat(s.stats().reads).as("the simulation serves reads").isPositive();
        assertThat(s.stats().confChanges).as("the simulation changes membership").isPositive();
        assertThat(s.stats().crashes).as("the simulation crashes and restarts nodes").isPositive();
        assertThat(s.stats().snapshotsInstalled).as("the simulation installs snapshots").isPositive();
        assertThat(s.stats().transfers).as("the simulation transfers leadership").isPositive();
        assertThat(s.stats().seedsPreVoteOff).as("some seeds run without PreVote").isPositive().isLessThan(s.seeds());
        assertThat(s.stats().seedsWithDrift).as("some seeds run with clock drift").isPositive().isLessThan(s.seeds());
        assertThat(s.stats().seedsSplitStart).as("some seeds start as a group a split created").isPositive().isLessThan(s.seeds());
    }

    private static void replay(long seed, int steps) {
        // A seed that caught a deliberate bug replays with -Draft.sim.bug=<name> as well.
        TestingBridge.Bug bug = TestingBridge.Bug.valueOf(System.getProperty("raft.sim.bug", "NONE").trim());
        Simulation.Result r = new Simulation(seed, steps, bug, true).run();
        if (r.violation() != null) {
            System.out.println("raft-sim replay seed=" + seed + " params: " + r.params());
            r.trace().forEach(l -> System.out.println("  " + l));
            System.out.println("raft-sim FAILED seed=" + seed + ": " + r.violation());
        }
        System.out.println("raft-sim seeds=1 steps=" + steps + " violations=" + (r.violation() == null ? 0 : 1)
                + " elections=" + r.stats().elections + " commits=" + r.stats().commits
                + " reads=" + r.stats().reads + " confchanges=" + r.stats().confChanges
                + " prevoteoff=" + r.stats().seedsPreVoteOff + " drift=" + r.stats().seedsWithDrift);
        if (bug == TestingBridge.Bug.NONE) {
            assertThat(r.violation()).as("seed " + seed).isNull();
        }
    }

    static String replayCommand(long seed, int steps) {
        return "./mvnw -q -pl engines/raft-kv/raft test -Dtest=RaftSimulationTest -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Draft.sim.seed=" + seed + " -Draft.sim.steps=" + steps;
    }
}
