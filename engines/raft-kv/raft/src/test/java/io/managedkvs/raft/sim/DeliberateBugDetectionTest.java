package io.managedkvs.raft.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.raft.TestingBridge;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Shows that the simulator is not vacuous: with each deliberate bug switched into the core, it
 * reports a violation of the property the bug breaks within a bounded number of seeds.
 */
class DeliberateBugDetectionTest {

    /** Seeds tried per bug before giving up; each bug is caught well within it (see docs/raft.md). */
    private static final int MAX_SEEDS = 500;

    /**
     * What each bug may show up as first. Committing an earlier term's entry by counting, or voting
     * without the log check, lets a leader lack a committed entry: caught at its election, when the
     * entry commits and some node lacking it could still be elected, or when it is overwritten or a
     * different entry is committed or applied at its index. Voting without the log check also lets
     * a removed node that never learned of its removal win a term beside a leader of the new
     * configuration. The lease bugs let a new leader commit while the old one serves reads from
     * its lease. A vote left out of the Ready is sent without being persisted: the Ready contract.
     * A membership change before the new leader committed in its term lets two configurations
     * without a common quorum both elect and commit.
     */
    private static final Map<TestingBridge.Bug, Set<String>> EXPECTED = Map.ofEntries(
            Map.entry(TestingBridge.Bug.COMMIT_PREVIOUS_TERM_BY_COUNTING,
                    Set.of(Violation.LEADER_COMPLETENESS, Violation.STATE_MACHINE_SAFETY, Violation.DURABILITY)),
            Map.entry(TestingBridge.Bug.VOTE_WITHOUT_LOG_CHECK,
                    Set.of(Violation.LEADER_COMPLETENESS, Violation.STATE_MACHINE_SAFETY, Violation.DURABILITY, Violation.ELECTION_SAFETY)),
            Map.entry(TestingBridge.Bug.READ_INDEX_WITHOUT_QUORUM, Set.of(Violation.LINEARIZABILITY)),
            Map.entry(TestingBridge.Bug.APPEND_WITHOUT_LOG_MATCH, Set.of(Violation.LOG_MATCHING)),
            Map.entry(TestingBridge.Bug.NO_RESTART_VOTE_LEASE, Set.of(Violation.LINEARIZABILITY)),
            Map.entry(TestingBridge.Bug.LEASE_VOTES_NOT_IGNORED, Set.of(Violation.LINEARIZABILITY)),
            Map.entry(TestingBridge.Bug.HARD_STATE_VOTE_NOT_IN_READY, Set.of(Violation.READY_CONTRACT)),
            Map.entry(TestingBridge.Bug.LEASE_KEPT_ON_TRANSFER, Set.of(Violation.LINEARIZABILITY)),
            Map.entry(TestingBridge.Bug.CONF_CHANGE_BEFORE_TERM_COMMIT,
                    Set.of(Violation.LEADER_COMPLETENESS, Violation.STATE_MACHINE_SAFETY, Violation.DURABILITY, Violation.ELECTION_SAFETY)),
            Map.entry(TestingBridge.Bug.LEASE_LONGER_THAN_ELECTION_TIMEOUT, Set.of(Violation.LINEARIZABILITY)),
            Map.entry(TestingBridge.Bug.SPLIT_VOTE_KEPT_AFTER_LEADER, Set.of(Violation.LINEARIZABILITY)));

    @ParameterizedTest
    @EnumSource(value = TestingBridge.Bug.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void simulatorCatchesTheBug(TestingBridge.Bug bug) throws Exception {
        int steps = 1000;
        SimulationRunner.Summary s = SimulationRunner.run(1, MAX_SEEDS, steps, bug, 1, 1);
        assertThat(s.failures()).as("a violation with " + bug + " within " + MAX_SEEDS + " seeds").isNotEmpty();
        Simulation.Result first = s.failures().get(0);
        System.out.println("raft-sim-bug " + bug + ": caught at seed " + first.seed() + " after "
                + s.seeds() + " seeds: " + first.violation());
        assertThat(first.category()).as("what " + bug + " breaks, at seed " + first.seed() + ": " + first.violation())
                .isIn(EXPECTED.get(bug));
    }
}
