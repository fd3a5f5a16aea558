package io.managedkvs.cli.raftkv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Redis clients against a raft-kv cluster of processes (PD and three stores), through the Redis
 * protocol every store serves: Jedis in RESP2 and RESP3, redis-cli and redis-benchmark. A write
 * through one store is read back through another, since each forwards to the region's leader.
 */
class RaftKvRedisProtocolIT {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path tmp;
    private static RaftKvPlayground cluster;

    @BeforeAll
    static void start() {
        cluster = RaftKvPlayground.start(RaftKvLayout.free(3), tmp, line -> { }, () -> false,
                new RaftKvPlayground.Options(List.of("--region-max-keys", "200"), false));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static int respPort(int store) {
        return cluster.layout().stores().get(store).resp();
    }

    private static Jedis jedis(int store, RedisProtocol protocol) {
        return new Jedis(new HostAndPort("127.0.0.1", respPort(store)),
                DefaultJedisClientConfig.builder().protocol(protocol).socketTimeoutMillis(20_000).build());
    }

    @Test
    void jedisWritesThroughOneStoreAndReadsThroughAnother() {
        for (RedisProtocol protocol : RedisProtocol.values()) {
            String k = "jedis:" + protocol + ":";
            try (Jedis first = jedis(0, protocol); Jedis second = jedis(1, protocol)) {
                assertThat(first.set(k + "a", "1")).isEqualTo("OK");
                assertThat(second.get(k + "a")).isEqualTo("1");
                assertThat(second.get(k + "missing")).isNull();
                assertThat(first.set(k + "lock", "me", SetParams.setParams().nx().ex(100))).isEqualTo("OK");
                assertThat(second.set(k + "lock", "you", SetParams.setParams().nx().ex(100))).isNull();
                assertThat(second.ttl(k + "lock")).isBetween(90L, 100L);
                for (int i = 1; i <= 20; i++) {
                    assertThat((i % 2 == 0 ? first : second).incr(k + "n")).isEqualTo(i);
                }
                assertThat(first.expire(k + "n", 50)).isEqualTo(1);
                assertThat(second.ttl(k + "n")).isBetween(40L, 50L);
                assertThat(second.persist(k + "n")).isEqualTo(1);
                assertThat(first.mset(k + "x", "1", k + "y", "2")).isEqualTo("OK");
                assertThat(second.mget(k + "x", k + "nope", k + "y")).containsExactly("1", null, "2");
                assertThat(first.del(k + "x", k + "y", k + "nope")).isEqualTo(2);
                assertThat(second.exists(k + "x", k + "y")).isZero();
            }
        }
    }

    @Test
    void scanCrossesRegions() {
        try (Jedis jedis = jedis(2, RedisProtocol.RESP3)) {
            Set<String> written = new HashSet<>();
            List<String> mset = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                mset.add("scan:" + i);
                mset.add("v");
                written.add("scan:" + i);
            }
            jedis.mset(mset.toArray(String[]::new));
            Set<String> seen = new HashSet<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams params = new ScanParams().match("scan:*").count(100);
            do {
                ScanResult<String> page = jedis.scan(cursor, params);
                seen.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            assertThat(seen).isEqualTo(written);
        }
    }

    @Test
    void redisCliAndRedisBenchmarkWork() throws Exception {
        String port = Integer.toString(respPort(1));
        assertThat(run("redis-cli", "-p", port, "SET", "cli:k", "hello")).isEqualTo("OK\n");
        assertThat(run("redis-cli", "-p", Integer.toString(respPort(2)), "-3", "GET", "cli:k")).isEqualTo("hello\n");
        String out = run("redis-benchmark", "-p", port, "-t", "set,get", "-n", "2000", "-c", "10", "-q");
        assertThat(out).doesNotContainIgnoringCase("error").contains("SET: ").contains("GET: ");
        assertThat(run("redis-cli", "-p", port, "STRLEN", "key:__rand_int__")).isEqualTo("3\n");
    }

    private static String run(String... command) throws Exception {
        File out = Files.createTempFile(tmp, "tool", ".out").toFile();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out).start();
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finishes", List.of(command)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        return Files.readString(out.toPath(), StandardCharsets.UTF_8);
    }
}
