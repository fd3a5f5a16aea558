package io.managedkvs.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnavailabilityTest {

    private static final long MS = 1_000_000;

    /** Writes every millisecond with a 0.2 ms round trip, then a hole from 100 ms to 2,300 ms, then writes again. */
    private static AckLog outage() {
        AckLog log = new AckLog();
        long seq = 0;
        for (long t = 0; t <= 100 * MS; t += MS) {
            log.add(seq++, t, t + MS / 5);
        }
        seq += 40; // writes that failed: their numbers are never logged
        for (long t = 2300 * MS; t <= 2400 * MS; t += MS) {
            log.add(seq++, t, t + MS / 5);
        }
        return log;
    }

    @Test
    void aroundAKillItRunsFromTheLastAcknowledgementBeforeToTheFirstAfter() {
        AckLog log = outage();

        // Killed at 100.5 ms: the write sent at 100 ms was acknowledged at 100.2 ms; the next one sent at 2,300 ms.
        assertThat(Unavailability.around(log, 100 * MS + MS / 2)).hasValue(2200 * MS);
    }

    @Test
    void aWriteSentBeforeTheKillAndAnsweredJustAfterCountsAsBefore() {
        AckLog log = new AckLog();
        log.add(0, 0, MS / 5);
        log.add(1, MS, 3 * MS);          // in flight when the kill came at 2 ms, answered at 3 ms
        log.add(2, 1000 * MS, 1001 * MS);

        assertThat(Unavailability.around(log, 2 * MS)).hasValue(998 * MS);
    }

    @Test
    void withoutAnAcknowledgedWriteOnBothSidesThereIsNoMeasurement() {
        AckLog log = outage();

        assertThat(Unavailability.around(log, -MS)).isEmpty();
        assertThat(Unavailability.around(log, 5000 * MS)).isEmpty();
        assertThat(Unavailability.around(new AckLog(), 0)).isEmpty();
    }

    @Test
    void theLongestGapCountsAGapThatOverlapsTheSpanWhole() {
        AckLog log = outage();

        assertThat(Unavailability.longestGap(log, 1000 * MS, 1500 * MS)).hasValue(2200 * MS);
        assertThat(Unavailability.longestGap(log, 0, 50 * MS)).hasValue(MS);
        assertThat(Unavailability.longestGap(log, 2350 * MS, 2360 * MS)).hasValue(MS);
        assertThat(Unavailability.longestGap(log, 9000 * MS, 9100 * MS)).isEmpty();
    }

    @Test
    void writesAreLoggedInTheOrderTheyWereSent() {
        AckLog log = new AckLog();
        log.add(5, 10, 11);

        assertThatThrownBy(() -> log.add(5, 12, 13)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.add(6, 9, 13)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLogGrowsBeyondItsFirstArrays() {
        AckLog log = new AckLog();
        for (int i = 0; i < 100_000; i++) {
            log.add(i, i * MS, i * MS + 1);
        }

        assertThat(log.size()).isEqualTo(100_000);
        assertThat(log.sequence(99_999)).isEqualTo(99_999);
        assertThat(log.firstSentAfter(50_000 * MS)).isEqualTo(50_001);
    }
}
