package io.managedkvs.cli.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.testing.CliRun;
import io.managedkvs.cli.testing.RecordedProcesses;
import io.managedkvs.cli.testing.TestPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** {@code kvsctl playground} with real processes, in this JVM and as the packaged jar. */
class PlaygroundIT {

    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final String PASSWORD = "it-secret";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;
    @RegisterExtension
    final RecordedProcesses processes = new RecordedProcesses();
    private Process jvm;

    @AfterEach
    void killTheJvm() {
        if (jvm != null) {
            jvm.destroyForcibly();
        }
    }

    @Test
    void printsItsAddressesServesThroughThemAndStopsEveryProcessItStarted() throws Exception {
        Path dir = tmp.resolve("pg");
        int base = TestPorts.freeBase(7);
        CliRun run = new CliRun(CliContext.standard()).runInBackground("playground", "--engine", "redis-sentinel", "--dir", dir.toString(),
                "--port-base", Integer.toString(base), "--password", PASSWORD, "--exit-after", "10");

        run.awaitOut("^Press Ctrl-C", STARTUP);
        processes.record(dir);

        Matcher rw = run.awaitOut("^  read-write   127\\.0\\.0\\.1:(\\d+) ", Duration.ZERO);
        assertThat(Integer.parseInt(rw.group(1))).isEqualTo(base);
        assertThat(run.out()).contains("  sentinels    127.0.0.1:" + (base + 4) + " 127.0.0.1:" + (base + 5) + " 127.0.0.1:" + (base + 6))
                .contains("  master name  playground")
                .contains("  password     " + PASSWORD)
                .contains("REDISCLI_AUTH='" + PASSWORD + "' redis-cli -p " + base + " set greeting hello");
        assertThat(processes.all()).hasSize(6).allSatisfy(p -> assertThat(p.handle()).hasValueSatisfying(h -> assertThat(h.isAlive()).isTrue()));

        DefaultJedisClientConfig auth = DefaultJedisClientConfig.builder().password(PASSWORD).build();
        try (Jedis through = new Jedis(new HostAndPort("127.0.0.1", base), auth)) {
            through.set("greeting", "hello");
            assertThat(through.get("greeting")).isEqualTo("hello");
            assertThat(through.info("replication")).contains("role:master").contains("connected_slaves:2");
        }
        try (Jedis sentinel = new Jedis(new HostAndPort("127.0.0.1", base + 4), auth)) {
            assertThat(sentinel.sentinelGetMasterAddrByName("playground")).containsExactly("127.0.0.1", Integer.toString(base + 1));
        }
        try (Jedis replica = new Jedis(new HostAndPort("127.0.0.1", base + 3), auth)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> "hello".equals(replica.get("greeting")));
        }

        assertThat(run.awaitExit(Duration.ofSeconds(60))).isZero();
        assertThat(run.out()).contains("stopping the playground").contains("stopped; configurations, data and logs are in " + dir);
        assertThat(processes.all()).allSatisfy(p -> assertThat(p.handle().filter(ProcessHandle::isAlive)).as(p.name()).isEmpty());
        assertThat(PortCheck.firstInUse(IntStream.rangeClosed(base, base + 6).boxed().toList())).isEmpty();
        assertThat(dir.resolve("playground-redis-0/playground-redis-0.log")).exists();
    }

    @Test
    void aPlaygroundInTheDirectoryOfAKilledOneStopsWhatThatOneLeftRunning() throws Exception {
        Path dir = tmp.resolve("pg");
        int base = TestPorts.freeBase(7);
        Path jar = Path.of("target", "kvsctl.jar").toAbsolutePath();
        assertThat(jar).as("the packaged CLI (failsafe runs after package)").exists();
        Path log = tmp.resolve("first.log");
        jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "playground", "--engine", "redis-sentinel", "--dir", dir.toString(), "--port-base", Integer.toString(base))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(STARTUP).until(() -> Files.readString(log).contains("Press Ctrl-C") || !jvm.isAlive());
        assertThat(Files.readString(log)).contains("Press Ctrl-C");
        List<PlaygroundDir.RunningProcess> leftovers = processes.record(dir);
        assertThat(leftovers).hasSize(6);

        jvm.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
        assertThat(leftovers).allSatisfy(p -> assertThat(p.handle().filter(ProcessHandle::isAlive)).as(p.name()).isPresent());

        CliRun second = new CliRun(CliContext.standard()).runInBackground("playground", "--engine", "redis-sentinel", "--dir", dir.toString(),
                "--port-base", Integer.toString(base), "--exit-after", "2");
        second.awaitOut("^Press Ctrl-C", STARTUP);
        processes.record(dir);
        assertThat(second.out()).contains("Stopped 6 process(es) an earlier playground in " + dir + " left running");
        assertThat(leftovers).allSatisfy(p -> assertThat(p.handle().filter(ProcessHandle::isAlive)).as(p.name()).isEmpty());

        assertThat(second.awaitExit(Duration.ofSeconds(60))).isZero();
        assertThat(processes.all()).allSatisfy(p -> assertThat(p.handle().filter(ProcessHandle::isAlive)).as(p.name()).isEmpty());
    }
}
