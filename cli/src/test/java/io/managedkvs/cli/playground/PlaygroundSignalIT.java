package io.managedkvs.cli.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.testing.CliRun;
import io.managedkvs.cli.testing.RecordedProcesses;
import io.managedkvs.cli.testing.TestPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kvsctl playground} stopped by a signal, as a user stops it: the packaged CLI in a JVM of its
 * own, as {@code ./kvsctl} runs it ({@code java -jar cli/target/kvsctl.jar}), sent SIGTERM once it
 * runs and SIGINT (Ctrl-C) while it still starts. Every process it recorded must be gone afterwards.
 */
class PlaygroundSignalIT {

    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Duration STOP = Duration.ofSeconds(90);
    /** A JVM ended by a signal it handles exits with 128 + the signal's number. */
    private static final int EXIT_ON_SIGINT = 130;
    private static final int EXIT_ON_SIGTERM = 143;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;
    private Process jvm;
    @RegisterExtension
    final RecordedProcesses processes = new RecordedProcesses();

    @AfterEach
    void killTheJvm() {
        if (jvm != null) {
            jvm.destroyForcibly();
        }
    }

    @Test
    void sigtermStopsEveryProcessGracefullyAndARefusedRestartKeepsTheirData() throws Exception {
        Path dir = tmp.resolve("pg");
        int base = TestPorts.freeBase(7);
        Path log = tmp.resolve("kvsctl.log");
        jvm = launch(log, "playground", "--engine", "redis-sentinel", "--dir", dir.toString(), "--port-base", Integer.toString(base));
        await().atMost(STARTUP).until(() -> Files.readString(log).contains("Press Ctrl-C") || !jvm.isAlive());
        assertThat(Files.readString(log)).contains("  read-write   127.0.0.1:" + base + " ").contains("Press Ctrl-C");
        List<PlaygroundDir.RunningProcess> recorded = processes.record(dir);
        assertThat(recorded).hasSize(6).allSatisfy(p -> assertThat(alive(p)).as(p.name()).isTrue());

        jvm.destroy(); // SIGTERM

        assertThat(jvm.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        assertThat(jvm.exitValue()).as(Files.readString(log)).isEqualTo(EXIT_ON_SIGTERM);
        assertThat(Files.readString(log)).contains("stopping the playground").contains("stopped; configurations, data and logs are in " + dir);
        assertThat(recorded).allSatisfy(p -> assertThat(alive(p)).as(p.name() + " (pid " + p.pid() + ")").isFalse());
        assertThat(PlaygroundDir.recorded(dir)).as("the processes file lists none running").isEmpty();
        assertThat(PortCheck.firstInUse(ports(base))).isEmpty();
        // Stopped gracefully, the primary saved its data.
        Path data = dir.resolve("playground-redis-0/dump.rdb");
        Path memberLog = dir.resolve("playground-redis-0/playground-redis-0.log");
        assertThat(data).exists();
        byte[] savedData = Files.readAllBytes(data);
        String savedLog = Files.readString(memberLog);

        // A new start in the same directory, refused because one of its ports is busy, leaves that data alone.
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), base + 2));
            CliRun again = new CliRun(CliContext.standard());

            int code = again.run("playground", "--engine", "redis-sentinel", "--dir", dir.toString(), "--port-base", Integer.toString(base));

            assertThat(code).isEqualTo(2);
            assertThat(again.err()).contains("port " + (base + 2) + " on 127.0.0.1 is in use");
        }
        assertThat(data).hasBinaryContent(savedData);
        assertThat(memberLog).hasContent(savedLog);
    }

    @Test
    void sigintWhileStartingStopsWhatWasStarted() throws Exception {
        Path dir = tmp.resolve("pg");
        int base = TestPorts.freeBase(7);
        Path log = tmp.resolve("kvsctl.log");
        jvm = launch(log, "playground", "--engine", "redis-sentinel", "--dir", dir.toString(), "--port-base", Integer.toString(base));
        // Every process runs once the processes file lists six; the Sentinels then take seconds to find each other.
        await().atMost(STARTUP).until(() -> PlaygroundDir.recorded(dir).size() == 6 || !jvm.isAlive());
        List<PlaygroundDir.RunningProcess> recorded = processes.record(dir);
        assertThat(recorded).hasSize(6);
        assertThat(ignoresSigint(jvm.pid())).as("the CLI's JVM takes SIGINT as under a terminal").isFalse();

        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(jvm.pid())).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("kill.log").toFile()).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -INT sent").isTrue();

        assertThat(jvm.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)).as("exited after SIGINT").isTrue();
        String output = Files.readString(log);
        assertThat(output).as("the signal came while it was starting").doesNotContain("Press Ctrl-C");
        assertThat(jvm.exitValue()).as(output).isEqualTo(EXIT_ON_SIGINT);
        assertThat(recorded).allSatisfy(p -> assertThat(alive(p)).as(p.name() + " (pid " + p.pid() + ")").isFalse());
        assertThat(PlaygroundDir.recorded(dir)).as("the processes file lists none running").isEmpty();
        assertThat(PortCheck.firstInUse(ports(base))).isEmpty();
    }

    /**
     * The packaged CLI in its own JVM, as {@code ./kvsctl} runs it. A JVM that inherits SIGINT ignored
     * (a test runner started in the background of a non-interactive shell) keeps ignoring it; there it
     * starts with SIGINT at its default, as under a terminal.
     */
    private static Process launch(Path log, String... args) throws IOException {
        Path jar = Path.of("target", "kvsctl.jar").toAbsolutePath();
        assertThat(jar).as("the packaged CLI (failsafe runs after package)").exists();
        List<String> command = new ArrayList<>();
        if (ignoresSigint(ProcessHandle.current().pid())) {
            command.addAll(List.of("env", "--default-signal=INT"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Whether the process ignores SIGINT (bit 2 of SigIgn in /proc/PID/status). */
    private static boolean ignoresSigint(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & (1L << 1)) != 0;
            }
        }
        throw new IllegalStateException("no SigIgn line for pid " + pid);
    }

    private static boolean alive(PlaygroundDir.RunningProcess p) {
        return p.handle().filter(ProcessHandle::isAlive).isPresent();
    }

    private static List<Integer> ports(int base) {
        return IntStream.rangeClosed(base, base + 6).boxed().toList();
    }
}
