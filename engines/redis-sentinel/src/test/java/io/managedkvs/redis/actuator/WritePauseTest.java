package io.managedkvs.redis.actuator;

import static io.managedkvs.redis.actuator.Cluster.r;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedkvs.redis.actuator.WritePause.Next;
import io.managedkvs.redis.actuator.WritePause.Sighting;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a controlled failover does next, by the time the test passes in. */
class WritePauseTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration PAUSE = Duration.ofSeconds(10);
    private static final Duration MARGIN = Duration.ofMillis(1500);
    private static final Endpoint OLD = r(0);
    private static final Endpoint NEW = r(1);

    private final WritePause writes = new WritePause(PAUSE, MARGIN, T0, T0.plusSeconds(60));

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    private static Sighting promoted(Endpoint e) {
        return new Sighting(Optional.of(e), false, true, Optional.empty());
    }

    private static Sighting leader(boolean running, Endpoint names) {
        return new Sighting(Optional.empty(), true, running, Optional.of(names));
    }

    @Test
    void theDeadlineCountsFromWhenThePauseWasSentNotFromTheFailoverRequest() {
        // Catching up and asking Sentinel took 8.7 s: the pause that began at T0 is nearly over.
        assertThat(writes.next(at(8_700), promoted(NEW), OLD)).isEqualTo(Next.DEMOTE_AFTER_LAPSE);
        assertThat(writes.next(at(8_400), promoted(NEW), OLD)).isEqualTo(Next.DEMOTE);
    }

    @Test
    void thePauseIsRenewedOnceHalfOfItIsGoneAndARenewalMovesTheDeadline() {
        assertThat(writes.renewDue(at(4_999))).isFalse();
        assertThat(writes.renewDue(at(5_000))).isTrue();

        writes.renewed(at(5_000));

        assertThat(writes.pausedUntil()).isEqualTo(at(15_000));
        assertThat(writes.renewDue(at(9_000))).isFalse();
        assertThat(writes.next(at(13_000), promoted(NEW), OLD)).isEqualTo(Next.DEMOTE);
    }

    @Test
    void aRenewalThatFailedLeavesTheDeadlineWhereItWas() {
        // No renewed(...) call: the pause sent at T0 still ends at T0 + 10 s.
        assertThat(writes.renewDue(at(7_000))).isTrue();
        assertThat(writes.next(at(9_000), promoted(NEW), OLD)).isEqualTo(Next.DEMOTE_AFTER_LAPSE);
    }

    @Test
    void anOlderRenewalNeverShortensThePause() {
        writes.renewed(at(6_000));
        writes.renewed(at(5_000));

        assertThat(writes.pausedUntil()).isEqualTo(at(16_000));
    }

    @Test
    void sentinelNamingAnotherMemberIsAPromotionEvenIfNoReplicaWasSeenAsPrimary() {
        assertThat(writes.next(at(1_000), leader(true, NEW), OLD)).isEqualTo(Next.DEMOTE);
        assertThat(WritePause.promotedMember(leader(true, NEW), OLD)).contains(NEW);
    }

    @Test
    void whileTheFailoverRunsWritesStayPausedWithNoTimeLimitOfTheirOwn() {
        writes.renewed(at(5_000));
        writes.renewed(at(10_000));
        writes.renewed(at(15_000));

        assertThat(writes.next(at(20_000), leader(true, OLD), OLD)).isEqualTo(Next.WAIT);
        assertThat(writes.next(at(20_000), Sighting.nothing(), OLD)).isEqualTo(Next.WAIT);
    }

    @Test
    void theLeaderEndingTheFailoverWithoutAPromotionLiftsThePause() {
        assertThat(writes.next(at(3_000), leader(false, OLD), OLD)).isEqualTo(Next.ABORTED);
    }

    @Test
    void anUnreachableLeaderIsNeverTakenForAnAbortedFailover() {
        assertThat(writes.next(at(3_000), new Sighting(Optional.empty(), false, false, Optional.of(OLD)), OLD))
                .isEqualTo(Next.WAIT);
    }

    @Test
    void withoutAnyOutcomeInSightThePauseIsNoLongerRenewedAfterTheLimit() {
        assertThat(writes.next(at(59_999), Sighting.nothing(), OLD)).isEqualTo(Next.WAIT);
        assertThat(writes.next(at(60_000), Sighting.nothing(), OLD)).isEqualTo(Next.GIVE_UP);
        assertThat(writes.renewDue(at(60_000))).isFalse();
        // A promotion seen late is still followed: the old primary must not stay a second primary.
        assertThat(writes.next(at(61_000), promoted(NEW), OLD)).isEqualTo(Next.DEMOTE_AFTER_LAPSE);
    }

    @Test
    void aMarginOfHalfThePauseOrMoreIsRefused() {
        assertThatThrownBy(() -> new WritePause(Duration.ofSeconds(2), Duration.ofSeconds(1), T0, T0.plusSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too short");
    }
}
