package io.managedkvs.cli.raftkv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.playground.PlaygroundDir;
import io.managedkvs.cli.playground.PortCheck;
import io.managedkvs.cli.testing.CliRun;
import io.managedkvs.cli.testing.RecordedProcesses;
import io.managedkvs.cli.testing.TestPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kvsctl playground} for raft-kv with real PD and store processes, and the key-value and cluster commands against it;
 * with {@code --tls}, only clients with the generated certificate are served.
 */
class RaftKvPlaygroundIT {

    private static final Duration STARTUP = Duration.ofSeconds(120);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;
    @RegisterExtension
    final RecordedProcesses processes = new RecordedProcesses();

    @Test
    void startsPdAndStoresServesTheCommandsRestartsAKilledStoreAndStopsEverything() throws Exception {
        Path dir = tmp.resolve("pg");
        int base = TestPorts.freeBase(11);
        String endpoints = "127.0.0.1:" + base;
        CliRun playground = new CliRun(CliContext.standard()).runInBackground("playground", "--dir", dir.toString(),
                "--port-base", Integer.toString(base), "--exit-after", "60");

        playground.awaitOut("^Press Ctrl-C", STARTUP);
        processes.record(dir);
        assertThat(processes.all()).extracting(PlaygroundDir.RunningProcess::name).containsExactly("pd-1", "store-1", "store-2", "store-3");
        assertThat(playground.out()).contains("  pd           " + endpoints)
                .contains("store-1 127.0.0.1:" + (base + 2))
                .contains("./kvsctl put greeting hello --endpoints " + endpoints);

        assertThat(kvsctl("put", "greeting", "hello", "--endpoints", endpoints).out()).isEqualTo("OK\n");
        assertThat(kvsctl("get", "greeting", "--endpoints", endpoints).out()).isEqualTo("hello\n");
        assertThat(kvsctl("cas", "greeting", "hi", "--expect", "hello", "--endpoints", endpoints).out()).isEqualTo("swapped\n");
        CliRun notSwapped = new CliRun(CliContext.standard());
        assertThat(notSwapped.run("cas", "greeting", "x", "--absent", "--endpoints", endpoints)).isEqualTo(1);
        assertThat(notSwapped.err()).contains("not swapped: 'greeting' holds 'hi'");
        kvsctl("put", "other", "1", "--endpoints", endpoints);
        assertThat(kvsctl("scan", "--endpoints", endpoints).out()).isEqualTo("greeting\thi\nother\t1\n");
        assertThat(kvsctl("del", "other", "--endpoints", endpoints).out()).isEqualTo("deleted\n");
        CliRun missing = new CliRun(CliContext.standard());
        assertThat(missing.run("get", "other", "--endpoints", endpoints)).isEqualTo(1);
        assertThat(missing.err()).contains("'other' not found");

        String regions = kvsctl("regions", "--endpoints", endpoints).out();
        assertThat(regions.lines().findFirst().orElseThrow()).matches("ID\\s+START\\s+END\\s+LEADER\\s+PEERS\\s+SIZE\\s+KEYS");
        assertThat(regions).contains("(start)").contains("(end)").containsPattern("store \\d+\\s+1,2,3");
        String stores = kvsctl("stores", "--endpoints", endpoints).out();
        assertThat(stores.lines().count()).isEqualTo(4);
        assertThat(stores).contains("127.0.0.1:" + (base + 2)).contains("host=store-1").contains("Up");

        PlaygroundDir.RunningProcess store1 = processes.all().get(1);
        store1.handle().orElseThrow().destroyForcibly();
        playground.awaitOut("store-1 exited; started again \\(pid \\d+\\)", Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).until(() -> PlaygroundDir.recorded(dir).get(1).pid() != store1.pid());
        processes.record(dir);
        assertThat(kvsctl("put", "after-kill", "yes", "--endpoints", endpoints, "--timeout", "30").out()).isEqualTo("OK\n");
        assertThat(kvsctl("get", "greeting", "--endpoints", endpoints).out()).isEqualTo("hi\n");

        assertThat(playground.awaitExit(Duration.ofSeconds(120))).isZero();
        assertThat(playground.out()).contains("stopping the playground").contains("stopped; data and logs are in " + dir);
        assertThat(processes.all()).allSatisfy(p -> assertThat(p.handle().filter(ProcessHandle::isAlive)).as(p.name()).isEmpty());
        assertThat(PortCheck.firstInUse(IntStream.range(base, base + 11).boxed().toList())).isEmpty();
        assertThat(dir.resolve("store-1.log")).exists();
    }

    @Test
    void withTlsServesOnlyClientsWithTheGeneratedCertificate() throws Exception {
        Path dir = tmp.resolve("pg");
        int base = TestPorts.freeBase(11);
        String endpoints = "127.0.0.1:" + base;
        CliRun playground = new CliRun(CliContext.standard()).runInBackground("playground", "--tls", "--dir", dir.toString(),
                "--port-base", Integer.toString(base), "--exit-after", "90");
        playground.awaitOut("^Press Ctrl-C", STARTUP);
        processes.record(dir);

        Path client = dir.toAbsolutePath().normalize().resolve("tls/client");
        assertThat(client.resolve("tls.crt")).exists();
        assertThat(dir.resolve("tls/store-1/tls.key")).exists();
        assertThat(playground.out()).contains("./kvsctl put greeting hello --endpoints " + endpoints + " --tls-dir " + client)
                .contains("redis-cli --tls --cacert " + client.resolve("ca.crt"));

        String tls = client.toString();
        assertThat(kvsctl("put", "greeting", "hello", "--endpoints", endpoints, "--tls-dir", tls).out()).isEqualTo("OK\n");
        assertThat(kvsctl("get", "greeting", "--endpoints", endpoints, "--tls-dir", tls).out()).isEqualTo("hello\n");
        assertThat(kvsctl("stores", "--endpoints", endpoints, "--tls-dir", tls).out().lines().count()).isEqualTo(4);
        assertThat(kvsctl("regions", "--endpoints", endpoints, "--tls-dir", tls).out()).contains("(start)");

        CliRun plain = new CliRun(CliContext.standard());
        assertThat(plain.run("get", "greeting", "--endpoints", endpoints, "--timeout", "3")).as("a plaintext client is refused").isEqualTo(1);
        CliRun missing = new CliRun(CliContext.standard());
        assertThat(missing.run("get", "greeting", "--endpoints", endpoints, "--tls-dir", tmp.resolve("none").toString())).isEqualTo(2);
        assertThat(missing.err()).contains("--tls-dir").contains("tls.crt");

        int resp = base + 4;
        assertThat(redisCli(List.of("--tls", "--cacert", client.resolve("ca.crt").toString(), "--cert", client.resolve("tls.crt").toString(),
                "--key", client.resolve("tls.key").toString(), "-p", Integer.toString(resp), "GET", "greeting"))).isEqualTo("hello");
        assertThat(redisCli(List.of("-p", Integer.toString(resp), "GET", "greeting"))).as("plaintext RESP is refused").doesNotContain("hello");

        assertThat(playground.awaitExit(Duration.ofSeconds(150))).isZero();
    }

    private String redisCli(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("timeout", "20", "redis-cli", "-h", "127.0.0.1"));
        command.addAll(args);
        Path out = Files.createTempFile(tmp, "redis-cli", ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return Files.readString(out).trim();
    }

    private static CliRun kvsctl(String... args) {
        CliRun run = new CliRun(CliContext.standard());
        int code = run.run(args);
        assertThat(code).as(String.join(" ", args) + ": " + run.err()).isZero();
        return run;
    }
}
