package io.managedkvs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.cli.playground.PlaygroundDir;
import io.managedkvs.cli.playground.PlaygroundSpec;
import io.managedkvs.cli.raftkv.RaftKvLayout;
import io.managedkvs.cli.testing.CliRun;
import io.managedkvs.cli.testing.TestPorts;
import io.managedkvs.redis.local.RedisBinaries;
import io.managedkvs.redis.local.RedisNotInstalledException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad arguments are refused with exit code 2 and a message naming the option, and nothing is started. */
class ArgumentValidationTest {

    private static final RedisBinaries FAKE = new RedisBinaries(Path.of("/nonexistent/redis-server"), Path.of("/nonexistent/redis-sentinel"));

    @TempDir
    Path tmp;
    private Path dir;
    private final AtomicInteger binaryLookups = new AtomicInteger();
    private final List<PlaygroundSpec> launched = new ArrayList<>();
    private final List<RaftKvLayout> raftKvLaunched = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();
    private CliContext context;

    @BeforeEach
    void context() {
        dir = tmp.resolve("pg");
        context = new CliContext(() -> {
            binaryLookups.incrementAndGet();
            return FAKE;
        }, (spec, claimed, binaries, events, cancelled) -> {
            launched.add(spec);
            claimed.close();
            throw new CliFailure("launch recorded by the test");
        }, environment::get, (layout, claimed, events, cancelled, options) -> {
            raftKvLaunched.add(layout);
            throw new CliFailure("raft-kv launch recorded by the test");
        });
    }

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of("playground", List.of("--engine", "memcached"), "--engine"),
                Arguments.of("playground", List.of("--sentinels", "3"), "--sentinels applies to --engine redis-sentinel only, not to raft-kv"),
                Arguments.of("playground", List.of("--engine", "raft-kv", "--password", "x"), "--password applies to --engine redis-sentinel only"),
                Arguments.of("playground", List.of("--engine", "raft-kv", "--replicas", "0"), "--replicas must be between 1 and 9, was 0"),
                Arguments.of("playground", List.of("--port-base", "65530"), "--port-base must be between 1024 and 65525 so that the 11 ports from it fit, was 65530"),
                Arguments.of("playground", List.of("--exit-after", "0"), "--exit-after must be at least 1"),
                Arguments.of("playground", List.of("--engine", "redis-sentinel", "--replicas", "0"), "--replicas must be between 1 and 9, was 0"),
                Arguments.of("playground", List.of("--engine", "redis-sentinel", "--replicas", "10"), "--replicas must be between 1 and 9, was 10"),
                Arguments.of("playground", List.of("--engine", "redis-sentinel", "--replicas", "three"), "'--replicas'"),
                Arguments.of("playground", List.of("--engine", "redis-sentinel", "--sentinels", "0"), "--sentinels must be an odd number"),
                Arguments.of("playground", List.of("--engine", "redis-sentinel", "--sentinels", "2"), "--sentinels must be an odd number"),
                Arguments.of("playground", List.of("--engine", "redis-sentinel", "--port-base", "80"), "--port-base must be between 1024 and"),
                Arguments.of("playground", List.of("--engine", "redis-sentinel", "--port-base", "65530"), "--port-base must be between 1024 and 65529 so that the 7 ports from it fit, was 65530"),
                Arguments.of("playground", List.of("--engine", "redis-sentinel", "--down-after-ms", "50"), "--down-after-ms must be between 100"),
                Arguments.of("playground", List.of("--engine", "redis-sentinel", "--exit-after", "0"), "--exit-after must be at least 1"),
                Arguments.of("playground", List.of("--engine", "redis-sentinel", "--password", "two words"),
                        "--password: the password must be non-empty and contain no whitespace or quotes"),
                Arguments.of("playground", List.of("--engine", "redis-sentinel", "--password", "a", "--password-file", "/etc/hostname"),
                        "--password and --password-file cannot be given together"),
                Arguments.of("playground", List.of("--engine", "redis-sentinel", "--password-file", "/nonexistent/pw"),
                        "--password-file /nonexistent/pw cannot be read (NoSuchFileException"),
                Arguments.of("playground", List.of("--engine", "redis-sentinel", "--colour"), "Unknown option: '--colour'"),
                Arguments.of("bench failover", List.of("--engine", "redis-sentinel"), "Missing required option: '--kills=N'"),
                Arguments.of("bench failover", List.of("--engine", "redis-sentinel", "--kills", "0"), "--kills must be between 1 and 1000, was 0"),
                Arguments.of("bench failover", List.of("--engine", "redis-sentinel", "--kills", "3", "--replicas", "1"),
                        "--replicas must be at least 2 for a failover"),
                Arguments.of("bench failover", List.of("--engine", "raft-kv", "--kills", "0"), "--kills must be between 1 and 1000, was 0"),
                Arguments.of("bench failover", List.of("--kills", "3", "--down-after-ms", "500"), "--down-after-ms applies to --engine redis-sentinel only"),
                Arguments.of("bench upgrade", List.of("--engine", "raft-kv"), "--engine raft-kv is not supported by this command"),
                Arguments.of("bench history", List.of("--engine", "raft-kv", "--seconds", "5", "--out", "/nonexistent-dir/h.tsv"), "--out /nonexistent-dir/h.tsv cannot be written"),
                Arguments.of("bench history", List.of("--engine", "raft-kv", "--seconds", "0", "--out", "h.tsv"), "--seconds must be between 1 and 86400, was 0"),
                Arguments.of("bench history", List.of("--engine", "raft-kv", "--seconds", "5", "--faults", "flood", "--out", "h.tsv"), "--faults: unknown fault 'flood'; the faults are kill, pause, partition, none"),
                Arguments.of("bench history", List.of("--engine", "redis-sentinel", "--seconds", "5", "--out", "h.tsv"), "--engine must be raft-kv"),
                Arguments.of("bench ycsb", List.of("--engine", "raft-kv", "--workload", "d", "--vs", "etcd"), "unknown workload 'd'; the workloads are a, b, c"),
                Arguments.of("bench ycsb", List.of("--engine", "raft-kv", "--workload", "a", "--vs", "redis"), "--vs must be etcd, was 'redis'"),
                Arguments.of("bench ycsb", List.of("--engine", "raft-kv", "--workload", "a", "--vs", "etcd", "--threads", "0"), "--threads must be between 1 and 1024, was 0"),
                Arguments.of("bench ycsb", List.of("--engine", "raft-kv", "--workload", "a", "--vs", "etcd", "--records", "0"), "--records must be between 1"),
                Arguments.of("bench ycsb", List.of("--engine", "raft-kv", "--workload", "a"), "Missing required option: '--vs=PEER'"),
                Arguments.of("bench upgrade", List.of("--engine", "redis-sentinel", "--sentinels", "4"), "--sentinels must be an odd number"),
                Arguments.of("bench upgrade", List.of("--engine", "redis-sentinel", "--port-base", "99999"), "--port-base must be between"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badArguments")
    void isAUsageErrorNamingTheOptionAndStartsNothing(String command, List<String> args, String message) {
        CliRun run = new CliRun(context);

        int code = run.run(argv(command, args));

        assertThat(code).isEqualTo(2);
        assertThat(run.err()).contains(message).contains("--help");
        assertNothingStarted(run);
        assertThat(binaryLookups).hasValue(0);
    }

    @Test
    void theRedisSentinelPlaygroundIsLaunchedWithTlsWhenAsked() {
        String base = Integer.toString(io.managedkvs.cli.testing.TestPorts.freeBase(7));

        new CliRun(context).run("playground", "--engine", "redis-sentinel", "--tls", "--dir", dir.toString(), "--port-base", base);
        new CliRun(context).run("playground", "--engine", "redis-sentinel", "--dir", dir.toString(), "--port-base", base);

        assertThat(launched).extracting(PlaygroundSpec::tls).containsExactly(true, false);
    }

    @Test
    void aDirectoryThatCannotBeCreatedIsAUsageError() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
        CliRun run = new CliRun(context);

        int code = run.run("playground", "--engine", "redis-sentinel", "--dir", file.resolve("pg").toString());

        assertThat(code).isEqualTo(2);
        assertThat(run.err()).contains("--dir " + file.resolve("pg")).contains("is not writable");
        assertThat(launched).isEmpty();
    }

    @Test
    void aFileGivenAsTheDirectoryIsAUsageError() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
        CliRun run = new CliRun(context);

        int code = run.run("playground", "--engine", "redis-sentinel", "--dir", file.toString());

        assertThat(code).isEqualTo(2);
        assertThat(run.err()).contains("--dir " + file + " is not a directory");
        assertThat(Files.readString(file)).isEqualTo("not a directory");
        assertThat(launched).isEmpty();
    }

    @Test
    void aDirectoryWithSomeoneElsesFilesIsLeftAlone() throws IOException {
        Files.createDirectories(dir);
        Path theirs = Files.writeString(dir.resolve("notes.txt"), "keep me");
        CliRun run = new CliRun(context);

        int code = run.run("playground", "--engine", "redis-sentinel", "--dir", dir.toString());

        assertThat(code).isEqualTo(2);
        assertThat(run.err()).contains("--dir " + dir + " holds files that kvsctl did not create");
        assertThat(Files.readString(theirs)).isEqualTo("keep me");
        assertThat(launched).isEmpty();
    }

    @Test
    void aDirectoryARunningPlaygroundHoldsIsRefused() {
        try (PlaygroundDir held = PlaygroundDir.claim(dir)) {
            CliRun run = new CliRun(context);

            int code = run.run("playground", "--engine", "redis-sentinel", "--dir", dir.toString());

            assertThat(code).isEqualTo(2);
            assertThat(run.err()).contains("--dir " + dir + " is in use by a running playground");
            assertThat(launched).isEmpty();
        }
    }

    @Test
    void aPortInUseIsAUsageErrorNamingThePortAndTheBase() throws IOException {
        int base = TestPorts.freeBase(7);
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), base + 2));
            CliRun run = new CliRun(context);

            int code = run.run("playground", "--engine", "redis-sentinel", "--dir", dir.toString(), "--port-base", Integer.toString(base));

            assertThat(code).isEqualTo(2);
            assertThat(run.err()).contains("--port-base " + base + ": port " + (base + 2) + " on 127.0.0.1 is in use");
            assertThat(launched).isEmpty();
        }
    }

    /**
     * A directory as a stopped playground leaves it: the marker, a member's data and log. Every
     * refusal must leave them there (a refused start used to clear the directory before the port check).
     */
    private Path earlierRun() throws IOException {
        try (PlaygroundDir first = PlaygroundDir.claim(dir)) {
            first.clearForNewRun();
            Files.createDirectories(dir.resolve("playground-redis-0"));
            Files.writeString(dir.resolve("playground-redis-0/playground-redis-0.log"), "the earlier run's log");
            first.recordProcesses(List.of());
            return Files.writeString(dir.resolve("playground-redis-0/dump.rdb"), "the earlier run's data");
        }
    }

    @Test
    void aPortInUseLeavesTheEarlierRunsDataAndLogs() throws IOException {
        Path data = earlierRun();
        int base = TestPorts.freeBase(7);
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), base + 5));
            CliRun run = new CliRun(context);

            int code = run.run("playground", "--engine", "redis-sentinel", "--dir", dir.toString(), "--port-base", Integer.toString(base));

            assertThat(code).isEqualTo(2);
            assertThat(run.err()).contains("port " + (base + 5) + " on 127.0.0.1 is in use");
        }
        assertThat(data).hasContent("the earlier run's data");
        assertThat(dir.resolve("playground-redis-0/playground-redis-0.log")).hasContent("the earlier run's log");
        assertThat(dir.resolve("processes")).exists();
        assertThat(launched).isEmpty();
    }

    @Test
    void aBadOptionLeavesTheEarlierRunsData() throws IOException {
        Path data = earlierRun();
        CliRun run = new CliRun(context);

        int code = run.run("playground", "--engine", "redis-sentinel", "--sentinels", "2", "--dir", dir.toString());

        assertThat(code).isEqualTo(2);
        assertThat(data).hasContent("the earlier run's data");
    }

    @Test
    void missingRedisLeavesTheEarlierRunsData() throws IOException {
        Path data = earlierRun();
        CliRun run = new CliRun(new CliContext(() -> {
            throw new RedisNotInstalledException("redis-server");
        }, (spec, claimed, binaries, events, cancelled) -> {
            throw new AssertionError("launched without Redis");
        }));

        int code = run.run("playground", "--engine", "redis-sentinel", "--dir", dir.toString());

        assertThat(code).isEqualTo(1);
        assertThat(data).hasContent("the earlier run's data");
    }

    @Test
    void aDirectoryStillInUseKeepsItsData() throws IOException {
        Path data = earlierRun();
        try (PlaygroundDir held = PlaygroundDir.claim(dir)) {
            CliRun run = new CliRun(context);

            int code = run.run("playground", "--engine", "redis-sentinel", "--dir", dir.toString());

            assertThat(code).isEqualTo(2);
            assertThat(run.err()).contains("is in use by a running playground");
        }
        assertThat(data).hasContent("the earlier run's data");
    }

    @Test
    void aRefusedStartInANewDirectoryLeavesNoDirectoryBehind() throws IOException {
        int base = TestPorts.freeBase(7);
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), base));
            CliRun run = new CliRun(context);

            int code = run.run("playground", "--engine", "redis-sentinel", "--dir", dir.toString(), "--port-base", Integer.toString(base));

            assertThat(code).isEqualTo(2);
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void withoutRedisItSaysHowToInstallItExitsNonZeroAndCreatesNothing() {
        CliContext noRedis = new CliContext(() -> {
            throw new RedisNotInstalledException("redis-server");
        }, (spec, claimed, binaries, events, cancelled) -> {
            throw new AssertionError("launched without Redis");
        });
        CliRun run = new CliRun(noRedis);

        int code = run.run("playground", "--engine", "redis-sentinel", "--dir", dir.toString());

        assertThat(code).isEqualTo(1);
        assertThat(run.err()).contains("redis-server was not found on the PATH").contains("apt-get install redis-server redis-sentinel");
        assertThat(dir).doesNotExist();
    }

    @Test
    void goodArgumentsReachTheLauncherAsTheyWereGiven() {
        int base = TestPorts.freeBase(8);
        CliRun run = new CliRun(context);

        int code = run.run("playground", "--engine", "redis-sentinel", "--replicas", "4", "--sentinels", "1", "--down-after-ms", "1500",
                "--password", "s3cret", "--dir", dir.toString(), "--port-base", Integer.toString(base));

        assertThat(code).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("launch recorded by the test");
        assertThat(launched).singleElement().satisfies(spec -> {
            assertThat(spec.shape().replicas()).isEqualTo(4);
            assertThat(spec.shape().sentinels()).isEqualTo(1);
            assertThat(spec.shape().downAfterMs()).isEqualTo(1500);
            assertThat(spec.shape().password()).contains("s3cret");
            assertThat(spec.ports().readWrite()).isEqualTo(base);
            assertThat(spec.ports().firstMember()).isEqualTo(base + 1);
            assertThat(spec.ports().all()).hasSize(6).endsWith(base + 5);
        });
    }

    @Test
    void thePasswordCanComeFromAFileOrTheEnvironmentInsteadOfTheCommandLine() throws IOException {
        Path file = tmp.resolve("pw");
        Files.writeString(file, "fr0m-file\nignored second line\n");
        CliRun fromFile = new CliRun(context);
        fromFile.run("playground", "--engine", "redis-sentinel", "--password-file", file.toString(), "--dir", dir.toString(),
                "--port-base", Integer.toString(TestPorts.freeBase(7)));
        environment.put("KVSCTL_PASSWORD", "fr0m-env");
        CliRun fromEnvironment = new CliRun(context);
        fromEnvironment.run("playground", "--engine", "redis-sentinel", "--dir", dir.toString(),
                "--port-base", Integer.toString(TestPorts.freeBase(7)));
        CliRun optionWins = new CliRun(context);
        optionWins.run("playground", "--engine", "redis-sentinel", "--password", "typed", "--dir", dir.toString(),
                "--port-base", Integer.toString(TestPorts.freeBase(7)));

        assertThat(launched).extracting(spec -> spec.shape().password().orElseThrow() + " from " + spec.shape().passwordOrigin())
                .containsExactly("fr0m-file from --password-file " + file, "fr0m-env from KVSCTL_PASSWORD", "typed from --password");
    }

    @Test
    void aPasswordFileWithABadPasswordIsRefusedNamingTheFile() throws IOException {
        Path file = tmp.resolve("pw");
        Files.writeString(file, "has space\n");
        CliRun run = new CliRun(context);

        int code = run.run("playground", "--engine", "redis-sentinel", "--password-file", file.toString(), "--dir", dir.toString());

        assertThat(code).isEqualTo(2);
        assertThat(run.err()).contains("--password-file " + file + ": the password must be non-empty");
        assertThat(run.err()).doesNotContain("has space");
        assertNothingStarted(run);
    }

    @Test
    void theDefaultsAreTheEnginesAndThePlaygroundPorts() {
        CliRun run = new CliRun(context);

        run.run("playground", "--engine", "redis-sentinel", "--dir", dir.toString(), "--port-base", Integer.toString(TestPorts.freeBase(7)));

        assertThat(launched).singleElement().satisfies(spec -> {
            assertThat(spec.shape().replicas()).isEqualTo(3);
            assertThat(spec.shape().sentinels()).isEqualTo(3);
            assertThat(spec.shape().downAfterMs()).isEqualTo(5000);
            assertThat(spec.shape().password()).isEmpty();
        });
        CliRun help = new CliRun(context);
        assertThat(help.run("playground", "--help")).isZero();
        assertThat(help.out().replaceAll("\\s+", " ")).contains("--port-base=PORT").contains("default 6380").contains("default 2379")
                .contains("(default: playground in the current directory)");
    }

    @Test
    void raftKvIsTheDefaultEngineAndItsGoodArgumentsReachItsLauncher() {
        int base = TestPorts.freeBase(11);
        CliRun run = new CliRun(context);

        int code = run.run("playground", "--dir", dir.toString(), "--port-base", Integer.toString(base));

        assertThat(code).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("raft-kv launch recorded by the test");
        assertThat(launched).isEmpty();
        assertThat(raftKvLaunched).singleElement().satisfies(layout -> {
            assertThat(layout.pd()).isEqualTo(base);
            assertThat(layout.pdStatus()).isEqualTo(base + 1);
            assertThat(layout.stores()).hasSize(3);
            assertThat(layout.stores().get(2).resp()).isEqualTo(base + 10);
        });
    }

    @Test
    void aBusyRaftKvPortIsRefusedNamingThePortBaseAndStartsNothing() throws IOException {
        int base = TestPorts.freeBase(11);
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), base + 4));
            CliRun run = new CliRun(context);

            int code = run.run("playground", "--dir", dir.toString(), "--port-base", Integer.toString(base));

            assertThat(code).isEqualTo(2);
            assertThat(run.err()).contains("--port-base " + base + ": port " + (base + 4) + " on 127.0.0.1 is in use");
        }
        assertThat(raftKvLaunched).isEmpty();
        assertThat(dir).doesNotExist();
    }

    private void assertNothingStarted(CliRun run) {
        assertThat(launched).as(run.err()).isEmpty();
        assertThat(raftKvLaunched).as(run.err()).isEmpty();
        assertThat(dir).doesNotExist();
    }

    private String[] argv(String command, List<String> args) {
        List<String> all = new ArrayList<>(List.of(command.split(" ")));
        all.addAll(args);
        if (!args.contains("--help")) {
            all.add("--dir");
            all.add(dir.toString());
        }
        return all.toArray(String[]::new);
    }
}
