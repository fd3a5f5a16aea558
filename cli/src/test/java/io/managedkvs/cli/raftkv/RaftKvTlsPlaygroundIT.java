package io.managedkvs.cli.raftkv;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.playground.PlaygroundDir;
import io.managedkvs.cli.testing.CliRun;
import io.managedkvs.cli.testing.TestPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kvsctl playground --tls}: PD and stores as real processes started with {@code --tls-dir}
 * and certificates generated for the run; kvsctl with the client certificate and redis-cli --tls are
 * served, a plaintext kvsctl and a plaintext redis-cli are not.
 */
class RaftKvTlsPlaygroundIT {

    private static final Duration STARTUP = Duration.ofSeconds(120);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;
    private final List<PlaygroundDir.RunningProcess> seen = new ArrayList<>();

    @AfterEach
    void killWhatIsLeft() {
        seen.forEach(p -> p.handle().ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void servesOnlyClientsWithTheGeneratedCertificate() throws Exception {
        Path dir = tmp.resolve("pg");
        int base = TestPorts.freeBase(11);
        String endpoints = "127.0.0.1:" + base;
        CliRun playground = new CliRun(CliContext.standard()).runInBackground("playground", "--tls", "--dir", dir.toString(),
                "--port-base", Integer.toString(base), "--exit-after", "90");
        playground.awaitOut("^Press Ctrl-C", STARTUP);
        seen.addAll(PlaygroundDir.recorded(dir));

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
