package io.managedkvs.cli.playground;

import io.managedkvs.redis.local.RedisBinaries;

/** Starts a playground whose arguments, directory and ports have been checked. */
@FunctionalInterface
public interface PlaygroundLauncher {

    Playground launch(PlaygroundSpec spec, PlaygroundDir dir, RedisBinaries binaries, EventLog events);
}
