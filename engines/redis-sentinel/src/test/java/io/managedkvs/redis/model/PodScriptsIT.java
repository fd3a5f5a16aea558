package io.managedkvs.redis.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.managedkvs.redis.actuator.DesiredState;
import io.managedkvs.redis.actuator.Endpoint;
import io.managedkvs.redis.actuator.SentinelActuator;
import io.managedkvs.redis.actuator.Topology;
import io.managedkvs.redis.config.DirectiveCatalogue;
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

        listSentinels(config, cluster);

        start(config.resolve(Scripts.REDIS_START), memberEnv(config, run, port, "pods"), "redis");

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
        assertThat(sentinelReady(config, cluster, "pods-sentinel-1", "pods")).as("a registered Sentinel is ready").isZero();
        assertThat(run(config.resolve(Scripts.ALIVE), probeEnv, Integer.toString(port))).isZero();
        assertThat(run(config.resolve(Scripts.REDIS_READY), Map.of("REDISCLI_AUTH", "wrong", "REDIS_PORT", Integer.toString(port)))).isNotZero();

        // A replica whose primary is gone is alive but not ready.
        cluster.kill(primary);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(run(config.resolve(Scripts.REDIS_READY), probeEnv)).isNotZero());
        assertThat(run(config.resolve(Scripts.ALIVE), probeEnv, Integer.toString(port))).isZero();
    }

    @Test
    void aRestartedPrimaryWithAnEmptyDiskWaitsForAFailoverEvenWhenOneSentinelKnowsNothing() throws Exception {
        cluster = ClusterFixture.cluster("back", dir.resolve("cluster"), PASSWORD).build().start();
        String primary = ClusterFixture.settle(cluster, Duration.ofSeconds(60)).plan().primary().orElseThrow();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            try (Jedis p = ClusterFixture.connect(cluster, primary, PASSWORD)) {
                assertThat(p.set("written", "before the crash")).isEqualTo("OK");
            }
        });
        int port = cluster.process(primary).port();
        Path config = scripts(dir.resolve("config"));
        listSentinels(config, cluster);
        // A replaced Sentinel, not registered yet: asked alone, it would say no primary is known.
        cluster.restartSentinel("back-sentinel-0", true);
        assertThat(sentinelReady(config, cluster, "back-sentinel-0", "back")).as("an unregistered Sentinel is not ready").isNotZero();
        cluster.kill(primary);
        // The primary comes back at once, at its old address, with an empty disk.
        Path data = Files.createDirectories(dir.resolve("data"));
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(config.resolve("redis.conf"), RedisConfRenderer.render(RedisSettings.of(null, 3), "127.0.0.1", port, data.toString()));
        start(config.resolve(Scripts.REDIS_START), memberEnv(config, run, port, "back"), "restarted");

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            try (Jedis j = new Jedis("127.0.0.1", port, 2000)) {
                j.auth(PASSWORD);
                assertThat(j.info("replication")).contains("role:slave", "master_link_status:up");
                assertThat(j.get("written")).isEqualTo("before the crash");
            }
        });
        String log = Files.readString(dir.resolve("restarted.log"));
        assertThat(log).contains("waiting for it to promote one of them").contains("Starting as a replica of")
                .doesNotContain("starting as the primary", "starting without a primary");
        String promoted = cluster.actuator().primaryBySentinel(cluster.topology()).orElseThrow().name();
        assertThat(promoted).isNotEqualTo(primary);
        try (Jedis p = ClusterFixture.connect(cluster, promoted, PASSWORD)) {
            assertThat(p.get("written")).as("the replicas kept the data").isEqualTo("before the crash");
        }
    }

    @Test
    void theFirstStartBootstrapsWhileNoSentinelIsRegisteredOrReady() throws Exception {
        cluster = ClusterFixture.cluster("first", dir.resolve("cluster"), PASSWORD).redisMembers(0).build().start();
        Path config = scripts(dir.resolve("config"));
        listSentinels(config, cluster);
        List<Endpoint> members = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int port = freePort();
            Path data = Files.createDirectories(dir.resolve("data-" + i));
            Path run = Files.createDirectories(dir.resolve("run-" + i));
            Path memberConfig = Files.createDirectories(dir.resolve("config-" + i));
            for (String file : List.of(Scripts.REDIS_START, Scripts.SENTINELS)) {
                Files.copy(config.resolve(file), memberConfig.resolve(file));
            }
            Files.writeString(memberConfig.resolve("redis.conf"),
                    RedisConfRenderer.render(RedisSettings.of(null, 2), "127.0.0.1", port, data.toString()));
            start(memberConfig.resolve(Scripts.REDIS_START), memberEnv(memberConfig, run, port, "first"), "first-" + i);
            members.add(Endpoint.of("first-redis-" + i, "127.0.0.1", port));
        }
        for (String s : cluster.sentinelMembers()) {
            assertThat(sentinelReady(config, cluster, s, "first")).as(s + " monitors nothing yet").isNotZero();
        }
        Topology topology = new Topology("first", members, cluster.topology().sentinels());
        DesiredState desired = new DesiredState(2, ClusterFixture.FAST,
                RedisSettings.of(null, 2).dynamicConfig(DirectiveCatalogue.standard()), Map.of());

        // Every member starts although no Sentinel is ready; then the platform bootstraps as usual.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(cluster.actuator().reconcileOnce(topology, desired).observation().nodes())
                    .allSatisfy(n -> assertThat(n.reachable()).isTrue());
            for (String s : cluster.sentinelMembers()) {
                assertThat(sentinelReady(config, cluster, s, "first")).as(s + " is registered and ready").isZero();
            }
        });
        for (int i = 0; i < 2; i++) {
            assertThat(Files.readString(dir.resolve("first-" + i + ".log"))).contains("starting without a primary");
        }
        SentinelActuator.Round round = cluster.actuator().reconcileOnce(topology, desired);
        assertThat(round.plan().primary()).contains("first-redis-0");
        assertThat(round.observation().node("first-redis-1").orElseThrow().follows(members.get(0))).isTrue();
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
        for (String s : List.of(Scripts.REDIS_START, Scripts.SENTINEL_START, Scripts.REDIS_READY, Scripts.SENTINEL_READY, Scripts.ALIVE)) {
            Files.writeString(config.resolve(s), Scripts.load(s));
        }
        return config;
    }

    /** The Sentinels file the ConfigMap carries, with the local Sentinels' addresses. */
    private static void listSentinels(Path config, LocalRedisCluster cluster) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String s : cluster.sentinelMembers()) {
            out.append("127.0.0.1 ").append(cluster.process(s).port()).append('\n');
        }
        Files.writeString(config.resolve(Scripts.SENTINELS), out);
    }

    private static Map<String, String> memberEnv(Path config, Path run, int port, String masterName) {
        return Map.of("RUN_DIR", run.toString(), "CONFIG_DIR", config.toString(), "ANNOUNCE_HOST", "127.0.0.1",
                "ANNOUNCE_PORT", Integer.toString(port), "REDIS_PASSWORD", PASSWORD, "MASTER_NAME", masterName, "RETRY_SECONDS", "1");
    }

    private int sentinelReady(Path config, LocalRedisCluster cluster, String sentinel, String masterName) throws Exception {
        return run(config.resolve(Scripts.SENTINEL_READY), Map.of("REDISCLI_AUTH", PASSWORD, "MASTER_NAME", masterName,
                "SENTINEL_PORT", Integer.toString(cluster.process(sentinel).port())));
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
