package io.managedkvs.cli.playground;

import io.managedkvs.redis.actuator.SentinelActuator;
import java.util.Optional;

/**
 * One reconcile of a playground.
 *
 * @param startedNanos when it began ({@link System#nanoTime()})
 * @param round        what the engine saw, decided and did
 * @param settled      roles settled and in sync, nothing left to do, every Sentinel monitoring and
 *                     knowing its peers (so that the next failover can be elected)
 * @param upToDate     every member runs the current definition
 */
public record Reconciled(long startedNanos, SentinelActuator.Round round, boolean settled, boolean upToDate) {

    public Optional<String> primary() {
        return round.plan().primary();
    }
}
