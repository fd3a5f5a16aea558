package io.managedkvs.raftkv.engine.actuator;

import java.time.Duration;

/**
 * How quickly the engine judges stores.
 *
 * @param silentAfter     a store silent this long is reported down
 * @param minReplaceAfter the shortest spec.raftKv.downStoreReplaceAfter accepted
 */
public record Timing(Duration silentAfter, Duration minReplaceAfter) {

    /** A minute each: shorter, a node reboot or a slow image pull would cost a store its data. */
    public static final Timing DEFAULT = new Timing(Duration.ofMinutes(1), Duration.ofMinutes(1));
}
