package io.managedkvs.operator.reconcile;

import java.time.Duration;

/**
 * When an instance is reconciled again without an event.
 *
 * @param progressingInterval for an instance that is not ready, still changing, or whose engine failed
 * @param resyncInterval      for a ready, settled instance, or one whose spec was rejected (a fix is an event)
 */
public record ReconcileSettings(Duration progressingInterval, Duration resyncInterval) {

    public static ReconcileSettings defaults() {
        return new ReconcileSettings(Duration.ofSeconds(5), Duration.ofSeconds(60));
    }
}
