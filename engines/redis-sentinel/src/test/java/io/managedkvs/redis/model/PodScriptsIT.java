package io.managedkvs.redis.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.managedkvs.redis.config.RedisConfRenderer;
import io.managedkvs.redis.config.RedisSettings;
import io.managedkvs.redis.config.SentinelConfRenderer;
import io.managedkvs.redis.local.ClusterFixture;
import io.managedkvs.redis.local.LocalRedisCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The scripts the pods run, run here against real processes: a password with quotes, backslashes,
 * dollars and spaces survives into requirepass/masterauth, a starting member asks Sentinel for the
 * primary and replicates from it, and the probes answer as documented.
 */
class PodScriptsIT {

    private static final String PASSWORD = "pa\"ss\\wo$rd 'x' `y`";
    /** Sentinel 7.x rewrites sentinel-pass and auth-pass unquoted, so its passwords must be single words without quotes. */
    private static final String SENTINEL_SAFE_PASSWORD = "pa$$\\wo`r`d!";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;
    private LocalRedisCluster cluster;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aStartingMemberAsksSentinelAndReplicatesFromThePrimaryWithThePassword() throws Exception {
        cluster = ClusterFixture.cluster("pods", dir.resolve("cluster"), PASSWORD).build().start();
        String primary = ClusterFixture.settle(cluster, Duration.ofSeconds(60)).plan().primary().orElseThrow();
        try (Jedis p = ClusterFixture.connect(cluster, primary, PASSWORD)) {
            p.set("before", "start");
        }
        int port = freePort();
        Path config = scripts(dir.resolve("config"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(config.resolve("redis.conf"), RedisConfRenderer.render(RedisSettings.of(null, 3), "127.0.0.1", port, data.toString()));

        start(config.resolve(Scripts.REDIS_START), Map.of("RUN_DIR", run.toString(), "CONFIG_DIR", config.toString(),
                "ANNOUNCE_HOST", "127.0.0.1", "ANNOUNCE_PORT", Integer.toString(port), "REDIS_PASSWORD", PASSWORD, "MASTER_NAME", "pods", "SENTINEL_HOST", "127.0.0.1",
                "SENTINEL_PORT", Integer.toString(cluster.process("pods-sentinel-0").port()), "WAIT_FOR_FAILOVER_SECONDS", "5"), "redis");

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            try (Jedis j = new Jedis("127.0.0.1", port, 2000)) {
                j.auth(PASSWORD);
                String info = j.info("replication");
                assertThat(info).contains("role:slave", "master_port:" + cluster.process(primary).port(), "master_link_status:up");
                assertThat(j.get("before")).isEqualTo("start");
            }
        });
        assertThat(Files.readString(run.resolve("redis.conf"))).contains("replicaof 127.0.0.1 " + cluster.process(primary).port());
        assertThat(Files.readString(config.resolve("redis.conf"))).doesNotContain("requirepass");
        try (Jedis j = new Jedis("127.0.0.1", port, 2000)) {
            j.ping();
            throw new AssertionError("the member answered without a password");
        } catch (JedisDataException expected) {
            assertThat(expected.getMessage()).contains("NOAUTH");
        }

        Map<String, String> probeEnv = Map.of("REDISCLI_AUTH", PASSWORD, "REDIS_PORT", Integer.toString(port));
        assertThat(run(config.resolve(Scripts.REDIS_READY), probeEnv)).isZero();
        assertThat(run(config.resolve(Scripts.ALIVE), probeEnv, Integer.toString(port))).isZero();
        assertThat(run(config.resolve(Scripts.REDIS_READY), Map.of("REDISCLI_AUTH", "wrong", "REDIS_PORT", Integer.toString(port)))).isNotZero();

        // A replica whose primary is gone is alive but not ready.
        cluster.kill(primary);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(run(config.resolve(Scripts.REDIS_READY), probeEnv)).isNotZero());
        assertThat(run(config.resolve(Scripts.ALIVE), probeEnv, Integer.toString(port))).isZero();
    }

    @Test
    void aRestartedPrimaryWithReplicasWaitsForSentinelToPromoteOneAndThenFollowsIt() throws Exception {
        cluster = ClusterFixture.cluster("back", dir.resolve("cluster"), PASSWORD).build().start();
        String primary = ClusterFixture.settle(cluster, Duration.ofSeconds(60)).plan().primary().orElseThrow();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            try (Jedis p = ClusterFixture.connect(cluster, primary, PASSWORD)) {
                assertThat(p.set("written", "before the crash")).isEqualTo("OK");
            }
        });
        int port = cluster.process(primary).port();
        cluster.kill(primary);
        // The primary comes back at once, at its old address, with an empty disk.
        Path config = scripts(dir.resolve("config"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(config.resolve("redis.conf"), RedisConfRenderer.render(RedisSettings.of(null, 3), "127.0.0.1", port, data.toString()));
        start(config.resolve(Scripts.REDIS_START), Map.of("RUN_DIR", run.toString(), "CONFIG_DIR", config.toString(),
                "ANNOUNCE_HOST", "127.0.0.1", "ANNOUNCE_PORT", Integer.toString(port), "REDIS_PASSWORD", PASSWORD,
                "MASTER_NAME", "back", "SENTINEL_HOST", "127.0.0.1",
                "SENTINEL_PORT", Integer.toString(cluster.process("back-sentinel-0").port()), "WAIT_FOR_FAILOVER_SECONDS", "30"), "restarted");

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            try (Jedis j = new Jedis("127.0.0.1", port, 2000)) {
                j.auth(PASSWORD);
                assertThat(j.info("replication")).contains("role:slave", "master_link_status:up");
                assertThat(j.get("written")).isEqualTo("before the crash");
            }
        });
        assertThat(Files.readString(dir.resolve("restarted.log"))).contains("waiting for it to promote a replica");
        String promoted = cluster.actuator().primaryBySentinel(cluster.topology()).orElseThrow().name();
        assertThat(promoted).isNotEqualTo(primary);
    }

    @Test
    void aSentinelStartsFromTheBaseFileWithThePasswordAndKeepsItsStateOnRestart() throws Exception {
        int port = freePort();
        Path config = scripts(dir.resolve("config"));
        Path data = Files.createDirectories(dir.resolve("sentinel-data"));
        Files.writeString(config.resolve("sentinel.conf"), SentinelConfRenderer.render(port, "127.0.0.1", data.toString(), false));
        Map<String, String> env = Map.of("DATA_DIR", data.toString(), "CONFIG_DIR", config.toString(), "ANNOUNCE_HOST", "127.0.0.1",
                "REDIS_PASSWORD", SENTINEL_SAFE_PASSWORD);

        Process sentinel = start(config.resolve(Scripts.SENTINEL_START), env, "sentinel");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            try (Jedis j = new Jedis("127.0.0.1", port, 2000)) {
                j.auth(SENTINEL_SAFE_PASSWORD);
                assertThat(j.ping()).isEqualTo("PONG");
                j.sentinelMonitor("remembered", "127.0.0.1", 1, 1);
            }
        });
        assertThat(run(config.resolve(Scripts.ALIVE), Map.of("REDISCLI_AUTH", SENTINEL_SAFE_PASSWORD), Integer.toString(port))).isZero();

        sentinel.destroy();
        sentinel.waitFor(10, TimeUnit.SECONDS);
        start(config.resolve(Scripts.SENTINEL_START), env, "sentinel-again");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            try (Jedis j = new Jedis("127.0.0.1", port, 2000)) {
                j.auth(SENTINEL_SAFE_PASSWORD);
                assertThat(j.sentinelMasters()).anySatisfy(m -> assertThat(m).containsEntry("name", "remembered"));
            }
        });
    }

    private static Path scripts(Path config) throws IOException {
        Files.createDirectories(config);
        for (String s : List.of(Scripts.REDIS_START, Scripts.SENTINEL_START, Scripts.REDIS_READY, Scripts.ALIVE)) {
            Files.writeString(config.resolve(s), Scripts.load(s));
        }
        return config;
    }

    private Process start(Path script, Map<String, String> env, String log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(log + ".log").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private int run(Path script, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("probes.log").toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
