package io.managedkvs.cli.playground;

import io.managedkvs.cli.Engine;
import io.managedkvs.redis.config.SentinelSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
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

    @Option(names = PASSWORD_OPTION, paramLabel = "PASSWORD",
            description = "Require this password on members and Sentinels (default: none; everything listens on 127.0.0.1 only)."
                    + " No whitespace or quotes: Sentinel writes it into its configuration file unquoted. Other local users"
                    + " can read a command line: prefer --password-file or the environment variable " + PASSWORD_ENV + ".")
    String password;

    @Option(names = PASSWORD_FILE_OPTION, paramLabel = "FILE",
            description = "Read the password from the first line of FILE instead.")
    Path passwordFile;

    /** The options and variable the password may come from. */
    public static final String PASSWORD_OPTION = "--password";
    public static final String PASSWORD_FILE_OPTION = "--password-file";
    public static final String PASSWORD_ENV = "KVSCTL_PASSWORD";

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
        String origin = passwordOrigin(spec, environment);
        String secret = origin == null ? null : passwordFrom(spec, origin, environment);
        if (secret != null && (secret.isEmpty() || !sentinelSafe(secret))) {
            throw new ParameterException(spec.commandLine(), origin + ": the password must be non-empty and contain no whitespace"
                    + " or quotes: Sentinel writes it into its configuration file unquoted and could not read it back");
        }
        return new ClusterShape(engine, replicas, sentinels, downAfterMs, Optional.ofNullable(secret), origin);
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

    private String passwordOrigin(CommandSpec spec, Function<String, String> environment) {
        if (password != null && passwordFile != null) {
            throw new ParameterException(spec.commandLine(), PASSWORD_OPTION + " and " + PASSWORD_FILE_OPTION
                    + " cannot be given together: use one of them");
        }
        if (password != null) {
            return PASSWORD_OPTION;
        }
        if (passwordFile != null) {
            return PASSWORD_FILE_OPTION + " " + passwordFile;
        }
        String fromEnvironment = environment.apply(PASSWORD_ENV);
        return fromEnvironment == null || fromEnvironment.isEmpty() ? null : PASSWORD_ENV;
    }

    private String passwordFrom(CommandSpec spec, String origin, Function<String, String> environment) {
        if (origin.equals(PASSWORD_OPTION)) {
            return password;
        }
        if (origin.equals(PASSWORD_ENV)) {
            return environment.apply(PASSWORD_ENV);
        }
        try {
            List<String> lines = Files.readAllLines(passwordFile, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : lines.get(0);
        } catch (IOException | UncheckedIOException e) {
            throw new ParameterException(spec.commandLine(), origin + " cannot be read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
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

    /** The engine's own rule (Sentinel 6.2–7.4 rewrites sentinel-pass and auth-pass without quoting them). */
    static boolean sentinelSafe(String password) {
        return password.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'');
    }
}
