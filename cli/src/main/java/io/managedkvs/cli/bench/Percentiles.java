package io.managedkvs.cli.bench;

import java.util.Arrays;

/**
 * Median, 99th percentile and maximum of a few durations. The median of an even count is the mean
 * of the middle two; the 99th percentile is the nearest rank (the smallest value at or above 99 % of
 * them), which for fewer than 100 values is the maximum. Pure.
 *
 * @param median the median
 * @param p99    the 99th percentile
 * @param max    the maximum
 */
public record Percentiles(double median, double p99, double max) {

    public static Percentiles of(long... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        long[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
        int rank = (int) Math.ceil(0.99 * n);
        return new Percentiles(median, v[rank - 1], v[n - 1]);
    }
}
