package io.managedkvs.cli.bench.history;

import static io.managedkvs.cli.bench.history.HistoryOp.Outcome.FAIL;
import static io.managedkvs.cli.bench.history.HistoryOp.Outcome.INFO;
import static io.managedkvs.cli.bench.history.HistoryOp.Outcome.OK;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Linearizable histories by construction: a register is run sequentially, each operation taking
 * effect at an instant, and its call and return are drawn around that instant so that operations
 * overlap as concurrent clients' would. Some writes are reported as of unknown outcome.
 */
final class RandomRegisterHistory {

    private RandomRegisterHistory() {
    }

    static List<HistoryOp> generate(Random random, int count, int maxOverlap) {
        List<HistoryOp> ops = new ArrayList<>();
        String state = null;
        int nextValue = 0;
        for (int i = 0; i < count; i++) {
            long at = 1_000L * (i + 1);
            long start = at - 1 - random.nextInt(1_000 * maxOverlap);
            long end = at + 1 + random.nextInt(1_000 * maxOverlap);
            switch (random.nextInt(4)) {
                case 0 -> ops.add(HistoryOp.read("k", start, end, OK, state == null ? HistoryOp.NIL : state));
                case 1 -> {
                    state = Integer.toString(nextValue++);
                    ops.add(HistoryOp.write("k", state, start, end, random.nextInt(5) == 0 ? INFO : OK));
                }
                case 2 -> {
                    String expected = state == null ? HistoryOp.NIL : state;
                    String value = Integer.toString(nextValue++);
                    state = value;
                    ops.add(HistoryOp.cas("k", expected, value, start, end, OK, expected));
                }
                default -> {
                    String found = state == null ? HistoryOp.NIL : state;
                    ops.add(HistoryOp.cas("k", "not-there", Integer.toString(nextValue++), start, end, FAIL, found));
                }
            }
        }
        return ops;
    }
}
