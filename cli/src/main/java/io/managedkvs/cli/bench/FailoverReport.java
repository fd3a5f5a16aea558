package io.managedkvs.cli.bench;

/**
 * The result of {@code bench failover}, as its one line of output.
 *
 * @param engine          the engine's id
 * @param kills           primaries killed
 * @param unavailability  median, 99th percentile and maximum write unavailability, in nanoseconds
 * @param lostAckedWrites acknowledged writes missing at the end
 */
record FailoverReport(String engine, int kills, Percentiles unavailability, long lostAckedWrites) {

    String line() {
        return "failover engine=" + engine + " kills=" + kills + " median_ms=" + millis(unavailability.median())
                + " p99_ms=" + millis(unavailability.p99()) + " max_ms=" + millis(unavailability.max())
                + " lost_acked_writes=" + lostAckedWrites;
    }

    static long millis(double nanos) {
        return Math.round(nanos / 1_000_000.0);
    }
}
