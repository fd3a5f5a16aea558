package io.managedkvs.raftkv.resp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.raftkv.resp.backend.InMemoryKvBackend;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Expiry over a clock the test moves: keys vanish when their time comes, counters keep their TTL. */
class ExpiryTest {

  private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
  private RespServer server;

  @BeforeEach
  void start() throws Exception {
    server = new RespServer(RespServerConfig.listen("127.0.0.1", 0),
        new InMemoryKvBackend(clock::get, Runnable::run), clock::get).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void keysExpireAndWritesThatKeepTheTtlKeepIt() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      assertThat(c.call("SET", "session", "a", "EX", "10")).isEqualTo("+OK\r\n");
      assertThat(c.call("SET", "counter", "1", "PX", "5000")).isEqualTo("+OK\r\n");
      clock.addAndGet(4000);
      assertThat(c.call("INCR", "counter")).isEqualTo(":2\r\n");
      assertThat(c.call("PTTL", "counter")).isEqualTo(":1000\r\n");
      assertThat(c.call("SET", "session", "b", "KEEPTTL")).isEqualTo("+OK\r\n");
      assertThat(c.call("TTL", "session")).isEqualTo(":6\r\n");
      clock.addAndGet(1000);
      assertThat(c.call("GET", "counter")).isEqualTo("$-1\r\n");
      assertThat(c.call("EXISTS", "counter", "session")).isEqualTo(":1\r\n");
      assertThat(c.call("PEXPIREAT", "session", Long.toString(clock.get() + 2500))).isEqualTo(":1\r\n");
      assertThat(c.call("PTTL", "session")).isEqualTo(":2500\r\n");
      clock.addAndGet(2500);
      assertThat(c.call("GET", "session")).isEqualTo("$-1\r\n");
      assertThat(c.call("DBSIZE")).isEqualTo(":0\r\n");
    }
  }
}
