package io.managedkvs.cli.playground;

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

/**
 * Where a playground's password comes from: an option, a file, or the environment. Shared by the
 * commands that start a playground and those that talk to a running one ({@code kvsctl backup create}).
 */
public final class PasswordOptions {

    /** The options and variable the password may come from. */
    public static final String PASSWORD_OPTION = "--password";
    public static final String PASSWORD_FILE_OPTION = "--password-file";
    public static final String PASSWORD_ENV = "KVSCTL_PASSWORD";

    @Option(names = PASSWORD_OPTION, paramLabel = "PASSWORD",
            description = "Require this password on members and Sentinels (default: none; everything listens on 127.0.0.1 only)."
                    + " No whitespace or quotes: Sentinel writes it into its configuration file unquoted. Other local users"
                    + " can read a command line: prefer --password-file or the environment variable " + PASSWORD_ENV + ".")
    String password;

    @Option(names = PASSWORD_FILE_OPTION, paramLabel = "FILE",
            description = "Read the password from the first line of FILE instead.")
    Path passwordFile;

    /** A password and where it came from, for messages. */
    public record Given(String secret, String origin) {
    }

    /**
     * The password given, checked, or empty when none is.
     *
     * @param environment looks up {@value #PASSWORD_ENV}, used when neither option is given
     */
    public Optional<Given> resolve(CommandSpec spec, Function<String, String> environment) {
        String origin = origin(spec, environment);
        if (origin == null) {
            return Optional.empty();
        }
        String secret = read(spec, origin, environment);
        if (secret.isEmpty() || !sentinelSafe(secret)) {
            throw new ParameterException(spec.commandLine(), origin + ": the password must be non-empty and contain no whitespace"
                    + " or quotes: Sentinel writes it into its configuration file unquoted and could not read it back");
        }
        return Optional.of(new Given(secret, origin));
    }

    private String origin(CommandSpec spec, Function<String, String> environment) {
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

    private String read(CommandSpec spec, String origin, Function<String, String> environment) {
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

    /** The engine's own rule (Sentinel 6.2–7.4 rewrites sentinel-pass and auth-pass without quoting them). */
    static boolean sentinelSafe(String password) {
        return password.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'');
    }
}
