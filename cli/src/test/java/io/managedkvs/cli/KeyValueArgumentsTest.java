package io.managedkvs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.cli.testing.CliRun;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The raft-kv commands refuse bad arguments with exit code 2 and a message naming the argument, before dialling anything. */
class KeyValueArgumentsTest {

    private final Map<String, String> environment = new HashMap<>();
    private final CliContext context = new CliContext(() -> {
        throw new AssertionError("no Redis needed");
    }, (spec, claimed, binaries, events, cancelled) -> {
        throw new AssertionError("no playground");
    }, environment::get, (layout, dir, events, cancelled, options) -> {
        throw new AssertionError("no playground");
    });

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of(List.of("get"), "Missing required parameter: 'KEY'"),
                Arguments.of(List.of("get", ""), "KEY must not be empty"),
                Arguments.of(List.of("get", "k", "--endpoints", "localhost"), "--endpoints: expected HOST:PORT, was 'localhost'"),
                Arguments.of(List.of("get", "k", "--endpoints", "127.0.0.1:2379,h:0"), "--endpoints: the port of 'h:0' must be between 1 and 65535"),
                Arguments.of(List.of("get", "k", "--timeout", "0"), "--timeout must be between 1 and 3600 seconds, was 0"),
                Arguments.of(List.of("put", "k"), "Missing required parameter: 'VALUE'"),
                Arguments.of(List.of("put", "k", "v", "--ttl", "10 years"), "'10 years' is not a duration"),
                Arguments.of(List.of("del"), "Missing required parameter: 'KEY'"),
                Arguments.of(List.of("scan", "--limit", "0"), "--limit must be between 1 and 1000000, was 0"),
                Arguments.of(List.of("scan", "m", "a"), "START 'm' must not be after END 'a'"),
                Arguments.of(List.of("cas", "k", "new"), "Error: Missing required argument (specify one of these): (--expect=VALUE | --absent)"),
                Arguments.of(List.of("cas", "k", "new", "--expect", "a", "--absent"), "mutually exclusive"),
                Arguments.of(List.of("cas", "k", "--absent"), "NEW is needed (or --delete to delete the key)"),
                Arguments.of(List.of("cas", "k", "new", "--absent", "--delete"), "NEW cannot be given with --delete"),
                Arguments.of(List.of("regions", "--endpoints", ":2379"), "--endpoints: expected HOST:PORT, was ':2379'"),
                Arguments.of(List.of("stores", "--timeout", "99999"), "--timeout must be between 1 and 3600 seconds"),
                Arguments.of(List.of("get", "k", "--tls-dir", "/nonexistent-tls"), "--tls-dir: cannot read /nonexistent-tls/tls.crt"),
                Arguments.of(List.of("stores", "--tls-dir", "/nonexistent-tls"), "--tls-dir: cannot read /nonexistent-tls/tls.crt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArguments")
    void isAUsageErrorNamingTheArgument(List<String> args, String message) {
        CliRun run = new CliRun(context);

        int code = run.run(args.toArray(String[]::new));

        assertThat(code).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(message).contains("--help");
    }

    @Test
    void aBadEndpointFromTheEnvironmentNamesTheVariable() {
        environment.put("KVSCTL_ENDPOINTS", "nowhere");
        CliRun run = new CliRun(context);

        int code = run.run("get", "k");

        assertThat(code).isEqualTo(2);
        assertThat(run.err()).contains("KVSCTL_ENDPOINTS: expected HOST:PORT, was 'nowhere'");
    }

    @Test
    void anUnreachableClusterFailsWithinTheTimeoutSayingWhatWasTried() {
        CliRun run = new CliRun(context);

        int code = run.run("put", "k", "v", "--endpoints", "127.0.0.1:1", "--timeout", "1");

        assertThat(code).isEqualTo(1);
        assertThat(run.err()).contains("kvsctl put: put failed:").contains("127.0.0.1:1");
    }
}
