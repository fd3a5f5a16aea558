package io.managedkvs.cli.playground;

import io.managedkvs.cli.Engine;
import io.managedkvs.redis.config.SentinelSettings;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options that shape a local instance, shared by {@code playground} and the benchmarks. */
public final class ClusterOptions {

    public static final int MAX_MEMBERS = 9;
    public static final int MIN_DOWN_AFTER_MS = 100;
    public static final int MAX_DOWN_AFTER_MS = 600_000;

    @Option(names = "--engine", paramLabel = "ENGINE", converter = Engine.Converter.class, defaultValue = "raft-kv",
            description = "The engine: raft-kv (PD and stores) or redis-sentinel (default: ${DEFAULT-VALUE}).")
    Engine engine;

    @Option(names = "--replicas", paramLabel = "N", defaultValue = "3",
            description = "Data members, as spec.replicas: for raft-kv the stores (regions keep 3 replicas, or N if fewer);"
                    + " for redis-sentinel one primary and N-1 read replicas; 1 to 9 (default: ${DEFAULT-VALUE}).")
    int replicas;

    /** The options that mean something for redis-sentinel only. */
    static final java.util.List<String> REDIS_ONLY = java.util.List.of("--sentinels", "--down-after-ms", "--password", "--password-file");

    @Option(names = "--sentinels", paramLabel = "N", defaultValue = "3",
            description = "Sentinel processes: an odd number from 1 to 9 (default: ${DEFAULT-VALUE}).")
    int sentinels;

    @Option(names = "--down-after-ms", paramLabel = "MS", defaultValue = "" + SentinelSettings.DEFAULT_DOWN_AFTER_MILLISECONDS,
            description = "Sentinel's down-after-milliseconds: how long the primary must be unreachable before a failover;"
                    + " 100 to 600000 (default: the engine's, ${DEFAULT-VALUE}).")
    int downAfterMs;

    @Mixin
    PasswordOptions password;

    /** The options and variable the password may come from. */
    public static final String PASSWORD_OPTION = PasswordOptions.PASSWORD_OPTION;
    public static final String PASSWORD_FILE_OPTION = PasswordOptions.PASSWORD_FILE_OPTION;
    public static final String PASSWORD_ENV = PasswordOptions.PASSWORD_ENV;

    /**
     * The instance these options describe, or a usage error that names the option.
     *
     * @param environment looks up {@value #PASSWORD_ENV}, used when neither password option is given
     */
    public ClusterShape validate(CommandSpec spec, Function<String, String> environment) {
        if (engine != Engine.REDIS_SENTINEL) {
            throw new ParameterException(spec.commandLine(), "--engine " + engine.id() + " is not supported by this command: it runs "
                    + Engine.REDIS_SENTINEL.id() + " only");
        }
        checkReplicas(spec);
        if (sentinels < 1 || sentinels > MAX_MEMBERS || sentinels % 2 == 0) {
            throw new ParameterException(spec.commandLine(), "--sentinels must be an odd number between 1 and " + MAX_MEMBERS
                    + " (an even number survives no more Sentinel failures than one fewer), was " + sentinels);
        }
        if (downAfterMs < MIN_DOWN_AFTER_MS || downAfterMs > MAX_DOWN_AFTER_MS) {
            throw new ParameterException(spec.commandLine(), "--down-after-ms must be between " + MIN_DOWN_AFTER_MS + " and "
                    + MAX_DOWN_AFTER_MS + ", was " + downAfterMs);
        }
        Optional<PasswordOptions.Given> given = password.resolve(spec, environment);
        return new ClusterShape(engine, replicas, sentinels, downAfterMs, given.map(PasswordOptions.Given::secret),
                given.map(PasswordOptions.Given::origin).orElse(null));
    }

    public Engine engine() {
        return engine;
    }

    /**
     * For raft-kv: the number of stores, or a usage error naming the option; the Sentinel and password
     * options of redis-sentinel are refused rather than ignored.
     */
    public int raftKvStores(CommandSpec spec) {
        for (String option : REDIS_ONLY) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new ParameterException(spec.commandLine(), option + " applies to --engine " + Engine.REDIS_SENTINEL.id()
                        + " only, not to " + Engine.RAFT_KV.id());
            }
        }
        checkReplicas(spec);
        return replicas;
    }

    private void checkReplicas(CommandSpec spec) {
        if (replicas < 1 || replicas > MAX_MEMBERS) {
            throw new ParameterException(spec.commandLine(), "--replicas must be between 1 and " + MAX_MEMBERS + ", was " + replicas);
        }
    }

    /**
     * The ports from {@code --port-base}, or free ports when it is not given ({@code base} null).
     */
    public static PortLayout portLayout(CommandSpec spec, Integer base, ClusterShape shape) {
        if (base == null) {
            return PortLayout.free(shape.replicas(), shape.sentinels());
        }
        int highest = PortLayout.highestBase(shape.replicas(), shape.sentinels());
        if (base < PortLayout.LOWEST_BASE || base > highest) {
            throw new ParameterException(spec.commandLine(), "--port-base must be between " + PortLayout.LOWEST_BASE + " and " + highest
                    + " so that the " + (1 + shape.replicas() + shape.sentinels()) + " ports from it fit, was " + base);
        }
        return new PortLayout(base, shape.replicas(), shape.sentinels());
    }
}
