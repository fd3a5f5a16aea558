package io.managedkvs.cli.bench;

/**
 * The result of {@code bench upgrade}, as its one line of output.
 *
 * @param engine             the engine's id
 * @param failovers          distinct {@code +switch-master} events during the rollout
 * @param unavailabilityNanos the longest time without an acknowledged write while it ran
 * @param lostAckedWrites    acknowledged writes missing at the end
 */
record UpgradeReport(String engine, long failovers, long unavailabilityNanos, long lostAckedWrites) {

    String line() {
        return "upgrade engine=" + engine + " failovers=" + failovers + " unavailability_ms="
                + FailoverReport.millis(unavailabilityNanos) + " lost_acked_writes=" + lostAckedWrites;
    }
}
