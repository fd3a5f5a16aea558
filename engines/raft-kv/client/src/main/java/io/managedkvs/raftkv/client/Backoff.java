package io.managedkvs.raftkv.client;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with full jitter: the n-th wait is random in [0, min(max, base * 2^n)], so
 * clients that failed together do not retry together. Pure given its random source.
 *
 * @param base the first wait's upper bound
 * @param max  the largest wait
 */
public record Backoff(Duration base, Duration max) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(2), Duration.ofMillis(200));

    public Backoff {
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("backoff base must be positive, was " + base);
        }
        if (max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff max must be at least the base " + base + ", was " + max);
        }
    }

    /**
     * The wait before retry number {@code attempt} (0 for the first retry), in milliseconds.
     *
     * @param uniform given a bound b > 0, a uniform random value in [0, b]
     */
    public long delayMillis(int attempt, LongUnaryOperator uniform) {
        long cap = Math.min(max.toMillis(), base.toMillis() << Math.min(attempt, 20));
        return Math.max(1, uniform.applyAsLong(cap));
    }
}
