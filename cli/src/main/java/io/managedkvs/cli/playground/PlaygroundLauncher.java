package io.managedkvs.cli.playground;

import io.managedkvs.redis.local.RedisBinaries;
import java.util.function.BooleanSupplier;

/** Starts a playground whose arguments, directory and ports have been checked. */
@FunctionalInterface
public interface PlaygroundLauncher {

    /**
     * @param cancelled whether a stop was requested meanwhile: starting gives up and stops what it started
     */
    Playground launch(PlaygroundSpec spec, PlaygroundDir dir, RedisBinaries binaries, EventLog events, BooleanSupplier cancelled);
}
