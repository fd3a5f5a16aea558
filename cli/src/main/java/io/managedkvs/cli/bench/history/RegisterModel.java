package io.managedkvs.cli.bench.history;

import io.managedkvs.cli.bench.history.HistoryOp.Fn;
import io.managedkvs.cli.bench.history.HistoryOp.Outcome;
import java.util.Objects;

/**
 * A key as a register whose value is a string, or null when absent: what each operation requires of
 * the value at the moment it takes effect, and what it leaves. Pure.
 */
final class RegisterModel {

    /** Not a state: the operation cannot take effect here. */
    static final Object REFUSED = new Object();

    private RegisterModel() {
    }

    /**
     * The state after {@code op} takes effect on {@code state}, or {@link #REFUSED}. An {@code info}
     * compare-and-swap whose condition does not hold leaves the state as it is: it may have failed.
     */
    static Object step(String state, HistoryOp op) {
        return switch (op.f()) {
            case READ -> Objects.equals(state, value(op.result())) ? state : REFUSED;
            case WRITE -> value(op.arg());
            case CAS -> {
                boolean holds = Objects.equals(state, value(op.expected()));
                if (op.outcome() == Outcome.OK) {
                    yield holds ? value(op.arg()) : REFUSED;
                }
                if (op.outcome() == Outcome.FAIL) {
                    yield !holds && Objects.equals(state, value(op.result())) ? state : REFUSED;
                }
                yield holds ? value(op.arg()) : state;
            }
        };
    }

    /**
     * Whether the checker must place {@code op}: operations that certainly had no effect and told
     * nothing (failed writes, reads without an answer, failed cas without the value found) are left out.
     */
    static boolean matters(HistoryOp op) {
        if (op.outcome() == Outcome.OK) {
            return true;
        }
        if (op.outcome() == Outcome.FAIL) {
            return op.f() == Fn.CAS && !HistoryOp.NONE.equals(op.result());
        }
        return op.f() != Fn.READ;
    }

    static String value(String field) {
        return HistoryOp.NIL.equals(field) ? null : field;
    }
}
