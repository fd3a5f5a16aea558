package io.managedkvs.cli.bench.history;

import java.util.Locale;

/**
 * One operation of a history, as one tab-separated line:
 * {@code key f arg expected start_ns end_ns outcome result}.
 *
 * <ul>
 *   <li>{@code read}: arg and expected {@code -}; result the value read, {@code nil} when absent.</li>
 *   <li>{@code write}: arg the value written; expected and result {@code -}.</li>
 *   <li>{@code cas}: arg the new value, expected the value required ({@code nil}: the key must be
 *       absent); result the value found ({@code nil}: absent), {@code -} if unknown.</li>
 * </ul>
 * Outcome {@code ok}: it happened as described; {@code fail}: it did not take effect (a cas whose
 * condition did not hold, or a call refused before it could); {@code info}: unknown, it may or may not
 * have taken effect, at any time after its start. Values never contain tabs or newlines.
 *
 * @param endNanos when the answer came; for {@code info}, when the client gave up
 */
public record HistoryOp(String key, Fn f, String arg, String expected, long startNanos, long endNanos, Outcome outcome, String result) {

    public static final String NONE = "-";
    public static final String NIL = "nil";

    public enum Fn { READ, WRITE, CAS }

    public enum Outcome { OK, FAIL, INFO }

    public HistoryOp {
        if (endNanos < startNanos) {
            throw new IllegalArgumentException("end_ns " + endNanos + " is before start_ns " + startNanos);
        }
    }

    public static HistoryOp read(String key, long start, long end, Outcome outcome, String result) {
        return new HistoryOp(key, Fn.READ, NONE, NONE, start, end, outcome, result);
    }

    public static HistoryOp write(String key, String value, long start, long end, Outcome outcome) {
        return new HistoryOp(key, Fn.WRITE, value, NONE, start, end, outcome, NONE);
    }

    public static HistoryOp cas(String key, String expected, String value, long start, long end, Outcome outcome, String found) {
        return new HistoryOp(key, Fn.CAS, value, expected, start, end, outcome, found);
    }

    public String line() {
        return key + '\t' + name(f) + '\t' + arg + '\t' + expected + '\t' + startNanos + '\t' + endNanos + '\t' + name(outcome)
                + '\t' + result;
    }

    /** Parses one line; the error says which field is wrong. */
    public static HistoryOp parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 8) {
            throw new IllegalArgumentException("expected 8 tab-separated fields, found " + f.length + ": " + line);
        }
        return new HistoryOp(f[0], parseEnum(Fn.class, "f", f[1]), f[2], f[3], parseLong("start_ns", f[4]), parseLong("end_ns", f[5]),
                parseEnum(Outcome.class, "outcome", f[6]), f[7]);
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": unknown value '" + value + "'");
        }
    }

    private static long parseLong(String field, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": not a number: '" + value + "'");
        }
    }
}
