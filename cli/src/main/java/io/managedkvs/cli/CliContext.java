package io.managedkvs.cli;

import io.managedkvs.cli.playground.Playground;
import io.managedkvs.cli.playground.PlaygroundLauncher;
import io.managedkvs.cli.raftkv.RaftKvLauncher;
import io.managedkvs.cli.raftkv.RaftKvPlayground;
import io.managedkvs.redis.local.RedisBinaries;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the commands take from the machine: where the Redis binaries are, how a playground is
 * started, and the environment. Tests replace them to check that bad arguments start nothing.
 *
 * @param redisBinaries  finds redis-server and redis-sentinel, or throws RedisNotInstalledException
 * @param launcher       starts a redis-sentinel playground
 * @param environment    an environment variable's value by name, or null
 * @param raftKvLauncher starts a raft-kv playground
 */
public record CliContext(Supplier<RedisBinaries> redisBinaries, PlaygroundLauncher launcher, Function<String, String> environment,
                         RaftKvLauncher raftKvLauncher) {

    public CliContext(Supplier<RedisBinaries> redisBinaries, PlaygroundLauncher launcher, Function<String, String> environment) {
        this(redisBinaries, launcher, environment, RaftKvPlayground::start);
    }

    /** With the process's own environment. */
    public CliContext(Supplier<RedisBinaries> redisBinaries, PlaygroundLauncher launcher) {
        this(redisBinaries, launcher, System::getenv);
    }

    public static CliContext standard() {
        return new CliContext(RedisBinaries::discover, Playground::start, System::getenv, RaftKvPlayground::start);
    }
}
