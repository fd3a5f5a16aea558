package io.managedkvs.cli.bench.history;

import static io.managedkvs.cli.bench.history.HistoryOp.Outcome.FAIL;
import static io.managedkvs.cli.bench.history.HistoryOp.Outcome.INFO;
import static io.managedkvs.cli.bench.history.HistoryOp.Outcome.OK;
import static io.managedkvs.cli.bench.history.HistoryOp.cas;
import static io.managedkvs.cli.bench.history.HistoryOp.read;
import static io.managedkvs.cli.bench.history.HistoryOp.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.cli.bench.history.LinearizabilityChecker.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hand-made histories the checker must accept, and ones it must reject. */
class LinearizabilityCheckerTest {

    private final LinearizabilityChecker checker = new LinearizabilityChecker();

    private Verdict verdict(HistoryOp... ops) {
        return checker.checkKey(List.of(ops));
    }

    @Test
    void aReadSeesTheLastWriteBeforeIt() {
        assertThat(verdict(write("k", "1", 0, 10, OK), read("k", 20, 30, OK, "1"))).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(verdict(read("k", 0, 5, OK, "nil"), write("k", "1", 10, 20, OK))).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void aReadOfAValueNeverWrittenIsAViolation() {
        assertThat(verdict(write("k", "1", 0, 10, OK), read("k", 20, 30, OK, "7"))).isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void aStaleReadAfterANewerWriteFinishedIsAViolation() {
        assertThat(verdict(write("k", "1", 0, 10, OK), write("k", "2", 20, 30, OK), read("k", 40, 50, OK, "1")))
                .isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void aReadConcurrentWithAWriteMaySeeEitherValue() {
        assertThat(verdict(write("k", "1", 0, 100, OK), read("k", 10, 20, OK, "nil"))).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(verdict(write("k", "1", 0, 100, OK), read("k", 10, 20, OK, "1"))).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void valuesCannotGoBackInTime() {
        // Both reads overlap the write, but once one saw the new value a later one cannot see the old.
        assertThat(verdict(write("k", "1", 0, 100, OK), read("k", 10, 20, OK, "1"), read("k", 30, 40, OK, "nil")))
                .isEqualTo(Verdict.VIOLATION);
        assertThat(verdict(write("k", "1", 0, 100, OK), read("k", 10, 20, OK, "nil"), read("k", 30, 40, OK, "1")))
                .isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void aWriteOfUnknownOutcomeMayTakeEffectLaterOrNever() {
        assertThat(verdict(write("k", "1", 0, 10, INFO), read("k", 50, 60, OK, "1"))).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(verdict(write("k", "1", 0, 10, INFO), read("k", 50, 60, OK, "nil"))).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(verdict(write("k", "1", 0, 10, INFO), read("k", 50, 60, OK, "nil"), read("k", 70, 80, OK, "1")))
                .isEqualTo(Verdict.LINEARIZABLE);
        // But not undone once seen.
        assertThat(verdict(write("k", "1", 0, 10, INFO), read("k", 50, 60, OK, "1"), read("k", 70, 80, OK, "nil")))
                .isEqualTo(Verdict.VIOLATION);
        // Nor before it was sent.
        assertThat(verdict(read("k", 0, 5, OK, "1"), write("k", "1", 10, 20, INFO))).isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void aFailedWriteHasNoEffect() {
        assertThat(verdict(write("k", "1", 0, 10, FAIL), read("k", 50, 60, OK, "nil"))).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(verdict(write("k", "1", 0, 10, FAIL), read("k", 50, 60, OK, "1"))).isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void twoCompareAndSwapsFromTheSameValueCannotBothSucceed() {
        assertThat(verdict(write("k", "0", 0, 10, OK), cas("k", "0", "1", 20, 40, OK, "0"), cas("k", "0", "2", 25, 45, OK, "0")))
                .isEqualTo(Verdict.VIOLATION);
        assertThat(verdict(write("k", "0", 0, 10, OK), cas("k", "0", "1", 20, 40, OK, "0"), cas("k", "1", "2", 25, 45, OK, "1"),
                read("k", 50, 60, OK, "2"))).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void aCompareAndSwapOnAnAbsentKey() {
        assertThat(verdict(cas("k", "nil", "1", 0, 10, OK, "nil"), read("k", 20, 30, OK, "1"))).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(verdict(write("k", "5", 0, 10, OK), cas("k", "nil", "1", 20, 30, OK, "nil"))).isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void aFailedCompareAndSwapReportsWhatWasThere() {
        assertThat(verdict(write("k", "1", 0, 10, OK), cas("k", "0", "2", 20, 30, FAIL, "1"))).isEqualTo(Verdict.LINEARIZABLE);
        // It failed although the value it expected was there.
        assertThat(verdict(write("k", "0", 0, 10, OK), cas("k", "0", "2", 20, 30, FAIL, "0"))).isEqualTo(Verdict.VIOLATION);
        // Without the value found it tells nothing.
        assertThat(verdict(write("k", "0", 0, 10, OK), cas("k", "0", "2", 20, 30, FAIL, "-"), read("k", 40, 50, OK, "0")))
                .isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void aCompareAndSwapOfUnknownOutcomeMayOrMayNotHaveHappened() {
        HistoryOp w = write("k", "0", 0, 10, OK);
        HistoryOp c = cas("k", "0", "1", 20, 30, INFO, "-");
        assertThat(verdict(w, c, read("k", 40, 50, OK, "1"))).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(verdict(w, c, read("k", 40, 50, OK, "0"))).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(verdict(w, c, read("k", 40, 50, OK, "1"), read("k", 60, 70, OK, "0"))).isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void keysAreCheckedApartAndOnlyTheBadOneIsNamed() {
        List<HistoryOp> history = List.of(
                write("a", "1", 0, 10, OK), read("a", 20, 30, OK, "1"),
                write("b", "1", 0, 10, OK), write("b", "2", 20, 30, OK), read("b", 40, 50, OK, "1"),
                read("c", 0, 10, OK, "nil"));

        LinearizabilityChecker.Report report = checker.check(history);

        assertThat(report.keys()).isEqualTo(3);
        assertThat(report.operations()).isEqualTo(6);
        assertThat(report.violations()).containsExactly("b");
        assertThat(report.linearizable()).isFalse();
    }

    @Test
    void randomLinearizableHistoriesAreAcceptedAndAReadOfANeverWrittenValueRejected() {
        for (long seed = 1; seed <= 200; seed++) {
            List<HistoryOp> ops = RandomRegisterHistory.generate(new Random(seed), 60, 5);
            assertThat(checker.checkKey(ops)).as("seed %d: %s", seed, ops).isEqualTo(Verdict.LINEARIZABLE);

            List<HistoryOp> broken = new ArrayList<>(ops);
            int i = indexOfOkRead(broken);
            if (i >= 0) {
                HistoryOp r = broken.get(i);
                broken.set(i, read(r.key(), r.startNanos(), r.endNanos(), OK, "never-written"));
                assertThat(checker.checkKey(broken)).as("seed %d", seed).isEqualTo(Verdict.VIOLATION);
            }
        }
    }

    @Test
    void aSearchOverItsBudgetIsUndecidedNotAccepted() {
        List<HistoryOp> ops = RandomRegisterHistory.generate(new Random(7), 200, 8);

        assertThat(new LinearizabilityChecker(3).checkKey(ops)).isEqualTo(Verdict.UNDECIDED);
        assertThat(new LinearizabilityChecker(3).check(ops).linearizable()).isFalse();
    }

    private static int indexOfOkRead(List<HistoryOp> ops) {
        for (int i = ops.size() - 1; i >= 0; i--) {
            if (ops.get(i).f() == HistoryOp.Fn.READ && ops.get(i).outcome() == OK) {
                return i;
            }
        }
        return -1;
    }
}
