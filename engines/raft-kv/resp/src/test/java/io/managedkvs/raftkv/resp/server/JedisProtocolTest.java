package io.managedkvs.raftkv.resp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedkvs.raftkv.resp.backend.InMemoryKvBackend;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/** Jedis, as applications use it, over a real socket, in RESP2 and RESP3. */
class JedisProtocolTest {

  private static final String PASSWORD = "s3cret";
  // Futures complete on other threads, as they do with the raft-kv client.
  private static final ExecutorService COMPLETER = Executors.newFixedThreadPool(4);
  private static RespServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new RespServer(RespServerConfig.listen("127.0.0.1", 0).withPassword(PASSWORD),
        new InMemoryKvBackend(System::currentTimeMillis, COMPLETER)).start();
  }

  @AfterAll
  static void stop() {
    server.close();
    COMPLETER.shutdownNow();
  }

  private static Jedis connect(RedisProtocol protocol) {
    return new Jedis(new HostAndPort("127.0.0.1", server.port()),
        DefaultJedisClientConfig.builder().protocol(protocol).password(PASSWORD).clientName("tests").build());
  }

  @ParameterizedTest
  @EnumSource(RedisProtocol.class)
  void stringsCountersAndExpiry(RedisProtocol protocol) {
    String k = "strings:" + protocol;
    try (Jedis jedis = connect(protocol)) {
      assertThat(jedis.ping()).isEqualTo("PONG");
      assertThat(jedis.get(k)).isNull();
      assertThat(jedis.set(k, "v1")).isEqualTo("OK");
      assertThat(jedis.get(k)).isEqualTo("v1");
      assertThat(jedis.set(k, "v2", SetParams.setParams().nx())).isNull();
      assertThat(jedis.setGet(k, "v3")).isEqualTo("v1");
      assertThat(jedis.set(k, "v4", SetParams.setParams().xx().ex(100))).isEqualTo("OK");
      assertThat(jedis.ttl(k)).isEqualTo(100);
      assertThat(jedis.set(k, "v5", SetParams.setParams().keepTtl())).isEqualTo("OK");
      assertThat(jedis.pttl(k)).isBetween(1L, 100_000L);
      assertThat(jedis.persist(k)).isEqualTo(1);
      assertThat(jedis.ttl(k)).isEqualTo(-1);
      assertThat(jedis.expire(k, 50)).isEqualTo(1);
      assertThat(jedis.ttl(k)).isEqualTo(50);
      assertThat(jedis.exists(k)).isTrue();
      assertThat(jedis.del(k)).isEqualTo(1);
      assertThat(jedis.ttl(k)).isEqualTo(-2);

      assertThat(jedis.incr(k + ":n")).isEqualTo(1);
      assertThat(jedis.incrBy(k + ":n", 41)).isEqualTo(42);
      assertThat(jedis.decr(k + ":n")).isEqualTo(41);
      assertThat(jedis.decrBy(k + ":n", 40)).isEqualTo(1);
      jedis.set(k + ":t", "x");
      assertThatThrownBy(() -> jedis.incr(k + ":t"))
          .isInstanceOf(JedisDataException.class).hasMessage("ERR value is not an integer or out of range");

      assertThat(jedis.mset(k + ":a", "1", k + ":b", "2")).isEqualTo("OK");
      assertThat(jedis.mget(k + ":a", k + ":nope", k + ":b")).containsExactly("1", null, "2");
      assertThat(jedis.exists(k + ":a", k + ":b", k + ":nope")).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(RedisProtocol.class)
  void scanWalksEveryMatchingKeyOnce(RedisProtocol protocol) {
    String prefix = "scan:" + protocol + ":";
    try (Jedis jedis = connect(protocol)) {
      Set<String> written = new HashSet<>();
      for (int i = 0; i < 250; i++) {
        jedis.set(prefix + i, "v");
        written.add(prefix + i);
      }
      jedis.set("other:" + protocol, "v");
      List<String> seen = new ArrayList<>();
      ScanParams params = new ScanParams().match(prefix + "*").count(40);
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page = jedis.scan(cursor, params);
        seen.addAll(page.getResult());
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
      assertThat(seen).hasSize(250).containsExactlyInAnyOrderElementsOf(written);
      assertThat(jedis.keys(prefix + "1?")).hasSize(10);
    }
  }

  @ParameterizedTest
  @EnumSource(RedisProtocol.class)
  void pipelinedRepliesComeBackInOrderAndSeeEarlierWrites(RedisProtocol protocol) {
    String k = "pipe:" + protocol + ":";
    try (Jedis jedis = connect(protocol)) {
      Pipeline p = jedis.pipelined();
      List<Response<String>> gets = new ArrayList<>();
      List<Response<Long>> counts = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        p.set(k + i, "v" + i);
        gets.add(p.get(k + i));
        counts.add(p.incr(k + "counter"));
      }
      p.sync();
      for (int i = 0; i < 500; i++) {
        assertThat(gets.get(i).get()).isEqualTo("v" + i);
        assertThat(counts.get(i).get()).isEqualTo(i + 1);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(RedisProtocol.class)
  void serverCommandsToolsCallAnswer(RedisProtocol protocol) {
    try (Jedis jedis = connect(protocol)) {
      assertThat(jedis.info()).contains("redis_version:7.0.0").contains("role:master");
      assertThat(jedis.info("keyspace")).contains("# Keyspace");
      assertThat(jedis.commandCount()).isGreaterThan(30);
      assertThat(jedis.clientGetname()).isEqualTo("tests");
      assertThat(jedis.select(0)).isEqualTo("OK");
      assertThat(jedis.dbSize()).isGreaterThanOrEqualTo(0);
      assertThat(jedis.echo("hi")).isEqualTo("hi");
      assertThatThrownBy(() -> jedis.select(1)).hasMessage("ERR DB index is out of range");
    }
  }

  @ParameterizedTest
  @EnumSource(RedisProtocol.class)
  void withoutThePasswordNothingButAuthIsServed(RedisProtocol protocol) {
    try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
      assertThatThrownBy(() -> jedis.get("x")).hasMessage("NOAUTH Authentication required.");
      assertThatThrownBy(() -> jedis.auth("wrong"))
          .hasMessage("WRONGPASS invalid username-password pair or user is disabled.");
      assertThat(jedis.auth(PASSWORD)).isEqualTo("OK");
      assertThat(jedis.ping()).isEqualTo("PONG");
    }
  }
}
