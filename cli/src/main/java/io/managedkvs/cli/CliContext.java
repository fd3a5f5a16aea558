package io.managedkvs.cli;

import io.managedkvs.cli.playground.Playground;
import io.managedkvs.cli.playground.PlaygroundLauncher;
import io.managedkvs.redis.local.RedisBinaries;
import java.util.function.Supplier;

/**
 * What the commands take from the machine: where the Redis binaries are, and how a playground is
 * started. Tests replace them to check that bad arguments start nothing.
 *
 * @param redisBinaries finds redis-server and redis-sentinel, or throws RedisNotInstalledException
 * @param launcher      starts a playground
 */
public record CliContext(Supplier<RedisBinaries> redisBinaries, PlaygroundLauncher launcher) {

    public static CliContext standard() {
        return new CliContext(RedisBinaries::discover, Playground::start);
    }
}
