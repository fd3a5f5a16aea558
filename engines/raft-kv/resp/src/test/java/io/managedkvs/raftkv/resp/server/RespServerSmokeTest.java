package io.managedkvs.raftkv.resp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.raftkv.resp.backend.InMemoryKvBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RespServerSmokeTest {

  private RespServer server;

  @BeforeEach
  void start() throws Exception {
    server = new RespServer(RespServerConfig.listen("127.0.0.1", 0), new InMemoryKvBackend()).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void setThenGet() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      assertThat(c.call("SET", "a", "1")).isEqualTo("+OK\r\n");
      assertThat(c.call("GET", "a")).isEqualTo("$1\r\n1\r\n");
      assertThat(c.call("GET", "nope")).isEqualTo("$-1\r\n");
      assertThat(c.call("FOO", "x")).isEqualTo("-ERR unknown command 'FOO', with args beginning with: 'x' \r\n");
    }
  }
}
