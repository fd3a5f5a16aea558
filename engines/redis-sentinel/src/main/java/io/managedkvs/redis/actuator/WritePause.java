package io.managedkvs.redis.actuator;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The write pause on the old primary during a controlled failover, and what to do next. Pure: the
 * time is passed in, so every decision is tested without a server or a real clock.
 *
 * <p>The pause holds until {@link #pausedUntil()}: the moment the last {@code CLIENT PAUSE} was
 * <em>sent</em> plus its length. Redis starts counting when it receives the command, a little later,
 * so the pause really lasts at least that long. It is renewed whenever less than half of it is left;
 * the caller checks {@link #renewDue} before every command that may wait for a timeout, so that no
 * wait outlasts the pause. Writes stay paused until either a replica is seen promoted (then the old
 * primary is demoted, while the pause still holds) or the Sentinel running the failover shows it has
 * ended without a promotion (then writes resume on the old primary). Only if neither can be seen
 * within {@code giveUpAt} is the pause no longer renewed.
 */
final class WritePause {

    enum Next {
        /** A replica was promoted and the pause still holds: demote the old primary now. */
        DEMOTE,
        /**
         * A replica was promoted but the pause may have ended before: demote the old primary all the
         * same (Sentinel would), and report that writes it acknowledged meanwhile may be lost.
         */
        DEMOTE_AFTER_LAPSE,
        /** The failover ended without a promotion: lift the pause. */
        ABORTED,
        /** Neither a promotion nor the failover's end was seen in time: stop renewing the pause. */
        GIVE_UP,
        /** Keep waiting. */
        WAIT
    }

    /**
     * What one round of polling saw.
     *
     * @param promoted            a replica that reports the primary role, if one does
     * @param leaderAnswered      whether the Sentinel that runs the failover answered
     * @param failoverInProgress  whether it still reports the failover in progress (or a promoted replica)
     * @param leaderNames         the primary it names now ({@code GET-MASTER-ADDR-BY-NAME}), if it is a member
     */
    record Sighting(Optional<Endpoint> promoted, boolean leaderAnswered, boolean failoverInProgress, Optional<Endpoint> leaderNames) {

        static Sighting nothing() {
            return new Sighting(Optional.empty(), false, true, Optional.empty());
        }
    }

    private final Duration length;
    private final Duration margin;
    private final Instant giveUpAt;
    private Instant pausedUntil;

    /**
     * @param length   how long each {@code CLIENT PAUSE} lasts
     * @param margin   how much of the pause must be left for a command sent now to arrive while it holds
     * @param sentAt   when the first {@code CLIENT PAUSE} was sent
     * @param giveUpAt when to stop renewing the pause if the failover's outcome cannot be seen
     */
    WritePause(Duration length, Duration margin, Instant sentAt, Instant giveUpAt) {
        if (margin.compareTo(length.dividedBy(2)) >= 0) {
            throw new IllegalArgumentException("the pause of " + length.toMillis() + " ms is too short for a margin of "
                    + margin.toMillis() + " ms");
        }
        this.length = length;
        this.margin = margin;
        this.giveUpAt = giveUpAt;
        this.pausedUntil = sentAt.plus(length);
    }

    Instant pausedUntil() {
        return pausedUntil;
    }

    /** Whether the pause should be renewed now: less than half of it is left, and it is still worth keeping. */
    boolean renewDue(Instant now) {
        return now.isBefore(giveUpAt) && !now.isBefore(pausedUntil.minus(length.dividedBy(2)));
    }

    /** A renewal sent at {@code sentAt} was acknowledged. A failed renewal is simply not recorded. */
    void renewed(Instant sentAt) {
        Instant until = sentAt.plus(length);
        if (until.isAfter(pausedUntil)) {
            pausedUntil = until;
        }
    }

    /** Whether a command sent now arrives while the pause holds. */
    boolean holds(Instant now) {
        return now.plus(margin).isBefore(pausedUntil);
    }

    /**
     * @param now        the time, read just before acting on the answer
     * @param oldPrimary the member whose writes are paused
     */
    Next next(Instant now, Sighting seen, Endpoint oldPrimary) {
        if (promotedMember(seen, oldPrimary).isPresent()) {
            return holds(now) ? Next.DEMOTE : Next.DEMOTE_AFTER_LAPSE;
        }
        boolean leaderStillNamesOld = seen.leaderNames().map(oldPrimary::equals).orElse(false);
        if (seen.leaderAnswered() && !seen.failoverInProgress() && leaderStillNamesOld) {
            return Next.ABORTED;
        }
        return now.isBefore(giveUpAt) ? Next.WAIT : Next.GIVE_UP;
    }

    /** The member the old primary must follow: the replica seen promoted, or the new primary Sentinel names. */
    static Optional<Endpoint> promotedMember(Sighting seen, Endpoint oldPrimary) {
        return seen.promoted().or(() -> seen.leaderNames().filter(e -> !e.equals(oldPrimary)));
    }
}
