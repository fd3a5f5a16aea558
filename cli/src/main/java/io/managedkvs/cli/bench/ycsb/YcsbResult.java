package io.managedkvs.cli.bench.ycsb;

import java.util.Locale;

/**
 * One engine's measurement, as its result line.
 *
 * @param workload      a, b or c
 * @param engine        the engine's name
 * @param opsPerSecond  operations completed per second of the run phase
 * @param p50Millis     median latency of one operation
 * @param p99Millis     99th percentile latency
 * @param errors        operations that failed (not counted in the throughput)
 */
public record YcsbResult(YcsbWorkload workload, String engine, double opsPerSecond, double p50Millis, double p99Millis, long errors) {

    public String line() {
        return String.format(Locale.ROOT, "ycsb workload=%s engine=%s ops_s=%.0f p50_ms=%.2f p99_ms=%.2f", workload.id(), engine,
                opsPerSecond, p50Millis, p99Millis);
    }

    /** The throughput ratio line, {@code this} over {@code peer}. */
    public String ratioLine(YcsbResult peer) {
        return String.format(Locale.ROOT, "ratio workload=%s %s/%s=%.2f", workload.id(), engine, peer.engine(),
                opsPerSecond / peer.opsPerSecond());
    }
}
