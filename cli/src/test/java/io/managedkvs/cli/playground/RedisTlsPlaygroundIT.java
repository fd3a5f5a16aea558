package io.managedkvs.cli.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.testing.CliRun;
import io.managedkvs.cli.testing.RecordedProcesses;
import io.managedkvs.cli.testing.TestPorts;
import io.managedkvs.redis.local.RedisBinaries;
import io.managedkvs.tls.SslContexts;
import io.managedkvs.tls.TlsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@code kvsctl playground --engine redis-sentinel --tls} with real processes: the banner's redis-cli
 * line works over TLS and plain text is refused; {@code kvsctl backup create} reads the snapshot over
 * TLS, {@code backup restore --tls} starts a new TLS playground (its own CA; no password, so client
 * certificates are required) holding it; and a failover is followed by the read-write address, which
 * the playground learns over TLS from Sentinel.
 */
class RedisTlsPlaygroundIT {

    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final String PASSWORD = "tls-playground";
    private static final String READ_WRITE = "^  read-write   127\\.0\\.0\\.1:(\\d+) ";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;
    @RegisterExtension
    final RecordedProcesses processes = new RecordedProcesses();

    @Test
    void servesTlsOnlyBacksUpAndRestoresOverTlsAndFollowsAFailover() throws Exception {
        Map<String, String> env = Map.of(PasswordOptions.PASSWORD_ENV, PASSWORD);
        CliContext context = new CliContext(RedisBinaries::discover, Playground::start, env::get);
        Path source = tmp.resolve("source").toAbsolutePath().normalize();
        Path backups = tmp.resolve("backups");
        int base = TestPorts.freeBase(4);

        CliRun playground = new CliRun(context).runInBackground("playground", "--engine", "redis-sentinel", "--tls", "--dir",
                source.toString(), "--replicas", "2", "--sentinels", "1", "--down-after-ms", "3000", "--port-base", Integer.toString(base),
                "--exit-after", "60");
        playground.awaitOut("^Press Ctrl-C", STARTUP);
        processes.record(source);
        Path client = source.resolve("tls/client");
        Path ca = client.resolve("ca.crt");
        assertThat(playground.out())
                .contains("  tls          TLS only, plain text refused; CA " + ca + ", client certificate in " + client + " (optional)")
                .contains("REDISCLI_AUTH=\"$KVSCTL_PASSWORD\" redis-cli --tls --cacert " + ca + " -p " + base + " set greeting hello");

        // The banner's line: a client that trusts the CA and gives the password; no client certificate needed.
        assertThat(redisCli("--tls", "--cacert", ca.toString(), "-p", Integer.toString(base), "set", "greeting", "hello")).isEqualTo("OK");
        assertThat(redisCli("--tls", "--cacert", ca.toString(), "-p", Integer.toString(base + 3), "sentinel", "get-master-addr-by-name",
                "playground")).contains("127.0.0.1");
        assertThat(redisCli("-p", Integer.toString(base), "ping")).as("plain text on the read-write address").doesNotContain("PONG");
        assertThat(redisCli("-p", Integer.toString(base + 1), "ping")).as("plain text on a member").doesNotContain("PONG");
        assertThatThrownBy(() -> {
            try (Jedis plain = new Jedis(new HostAndPort("127.0.0.1", base + 3),
                    DefaultJedisClientConfig.builder().password(PASSWORD).timeoutMillis(2000).build())) {
                plain.ping();
            }
        }).as("plain text on a Sentinel").isInstanceOf(JedisException.class);

        Map<String, String> before = write(base, client, "before", 300);
        try (Jedis primary = tls(base, client)) {
            assertThat(primary.waitReplicas(1, 10_000)).isEqualTo(1);
        }
        CliRun backup = new CliRun(context);
        assertThat(backup.run("backup", "create", "tls-1", "--playground", source.toString(), "--backup-dir", backups.toString()))
                .as(backup.err()).isZero();
        assertThat(backup.out()).contains("backup tls-1:").contains("from playground-redis-1");
        write(base, client, "after", 20);

        // Restored without a password: the client certificate is then the credential, and required.
        Path restored = tmp.resolve("restored").toAbsolutePath().normalize();
        CliContext noPassword = new CliContext(RedisBinaries::discover, Playground::start, variable -> null);
        CliRun restore = new CliRun(noPassword).runInBackground("backup", "restore", "tls-1", "--engine", "redis-sentinel", "--tls",
                "--replicas", "2", "--sentinels", "1", "--dir", restored.toString(), "--backup-dir", backups.toString(), "--exit-after", "10");
        // Meanwhile a failover of the source: Sentinel's +switch-master reaches the playground over TLS, and the read-write address follows.
        long primaryPid = PlaygroundDir.recorded(source).stream().filter(p -> p.name().equals("playground-redis-0")).findFirst()
                .orElseThrow().pid();
        ProcessHandle.of(primaryPid).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() -> {
            try (Jedis j = tls(base, client)) {
                assertThat(j.info("replication")).contains("role:master");
                assertThat(j.get("before:0")).isEqualTo(before.get("before:0"));
                j.set("after-failover", "yes");
            }
        });
        assertThat(playground.out()).contains("primary is now playground-redis-1");
        int restoredPort = Integer.parseInt(restore.awaitOut(READ_WRITE, STARTUP).group(1));
        processes.record(restored);
        Path restoredClient = restored.resolve("tls/client");
        assertThat(restore.out()).contains("loaded backup tls-1").contains(", TLS only, with certificates of a CA made for this run")
                .contains("client certificate in " + restoredClient + " (required: no password)")
                .contains("redis-cli --tls --cacert " + restoredClient.resolve("ca.crt") + " --cert " + restoredClient.resolve("tls.crt")
                        + " --key " + restoredClient.resolve("tls.key") + " -p " + restoredPort + " set greeting hello");
        try (Jedis r = connect(restoredPort, SslContexts.of(TlsFiles.in(restoredClient)), null)) {
            before.forEach((k, v) -> assertThat(r.get(k)).as(k).isEqualTo(v));
            assertThat(r.exists("after:0")).as("written after the backup").isFalse();
        }
        SSLContext caOnly = SslContexts.trusting(Files.readString(restoredClient.resolve("ca.crt")));
        assertThatThrownBy(() -> {
            try (Jedis anonymous = connect(restoredPort, caOnly, null)) {
                anonymous.ping();
            }
        }).as("without a password, a client without a certificate is refused").isInstanceOf(JedisException.class);
        assertThatThrownBy(() -> {
            try (Jedis other = connect(restoredPort, SslContexts.of(TlsFiles.in(client)), null)) {
                other.ping();
            }
        }).as("the restored playground has a CA of its own").isInstanceOf(JedisException.class);
        assertThat(redisCli("-p", Integer.toString(restoredPort), "ping")).doesNotContain("PONG");
        assertThat(restore.awaitExit(Duration.ofSeconds(60))).isZero();

        assertThat(playground.awaitExit(Duration.ofSeconds(90))).isZero();
        assertThat(playground.out()).contains("stopped; configurations, data and logs are in " + source);
    }

    private static Jedis tls(int port, Path clientDir) {
        return connect(port, SslContexts.of(TlsFiles.in(clientDir)), PASSWORD);
    }

    private static Jedis connect(int port, SSLContext context, String password) {
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder().password(password).timeoutMillis(5000).ssl(true)
                .sslSocketFactory(context.getSocketFactory()).build();
        return new Jedis(new HostAndPort("127.0.0.1", port), config);
    }

    private static Map<String, String> write(int port, Path clientDir, String prefix, int count) {
        Map<String, String> written = new LinkedHashMap<>();
        try (Jedis jedis = tls(port, clientDir)) {
            for (int i = 0; i < count; i++) {
                jedis.set(prefix + ":" + i, prefix + "-value-" + i);
                written.put(prefix + ":" + i, prefix + "-value-" + i);
            }
        }
        return written;
    }

    private String redisCli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("timeout", "20", "redis-cli", "-h", "127.0.0.1", "--no-auth-warning"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "redis-cli", ".out");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("REDISCLI_AUTH", PASSWORD);
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return Files.readString(out).trim();
    }
}
