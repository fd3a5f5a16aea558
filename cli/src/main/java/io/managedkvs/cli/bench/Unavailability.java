package io.managedkvs.cli.bench;

import java.util.OptionalLong;

/**
 * Write unavailability from an {@link AckLog} of one writer that sends one write at a time. Pure.
 */
public final class Unavailability {

    private Unavailability() {
    }

    /**
     * Around an event such as a kill: from the acknowledgement of the last write sent before it to the
     * acknowledgement of the first write sent after it. A write sent before the event and answered
     * just after it was served before the event, so it counts as before. Empty when either side has
     * no acknowledged write.
     */
    public static OptionalLong around(AckLog log, long eventNanos) {
        int first = log.firstSentAfter(eventNanos);
        if (first == 0 || first == log.size()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(log.ackedNanos(first) - log.ackedNanos(first - 1));
    }

    /**
     * The longest time without an acknowledgement while something ran from {@code fromNanos} to
     * {@code toNanos}: the largest gap between consecutive acknowledgements that overlaps that span,
     * so a gap that began before it or ended after it counts whole. Empty when no gap overlaps it.
     */
    public static OptionalLong longestGap(AckLog log, long fromNanos, long toNanos) {
        long longest = -1;
        for (int i = 1; i < log.size(); i++) {
            long start = log.ackedNanos(i - 1);
            long end = log.ackedNanos(i);
            if (end - fromNanos >= 0 && toNanos - start >= 0) {
                longest = Math.max(longest, end - start);
            }
        }
        return longest < 0 ? OptionalLong.empty() : OptionalLong.of(longest);
    }
}
