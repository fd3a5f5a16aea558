package io.managedkvs.raftkv.resp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Test
  void aTakenPortIsRefusedWithTheAddressNamed() {
    RespServer second = new RespServer(RespServerConfig.listen("127.0.0.1", server.port()), new InMemoryKvBackend());
    assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot listen on 127.0.0.1:" + server.port());
  }

  @Test
  void badSettingsAreRefusedByName() {
    assertThatThrownBy(() -> RespServerConfig.listen("127.0.0.1", 70000))
        .hasMessage("RESP server port: must be 0..65535, got 70000");
    assertThatThrownBy(() -> RespServerConfig.listen("127.0.0.1", 0).withMaxInFlightPerConnection(0))
        .hasMessage("RESP server maxInFlightPerConnection: must be at least 1");
    assertThatThrownBy(() -> RespServerConfig.listen("127.0.0.1", 0).withPassword(""))
        .hasMessageContaining("RESP server password");
  }

  @Test
  void protocolErrorsAreAnsweredThenTheConnectionCloses() throws Exception {
    try (RawClient c = new RawClient(server.port())) {
      c.send("*2\r\n$3\r\nGET\r\n$1\r\na\r\n*2147483647\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      assertThat(c.readReply()).isEqualTo("$-1\r\n");
      assertThat(c.readReply()).isEqualTo("-ERR Protocol error: invalid multibulk length\r\n");
      assertThat(c.readByteOrEnd()).isEqualTo(-1);
    }
    try (RawClient c = new RawClient(server.port())) {
      c.send("PING\r\nECHO  hi\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      assertThat(c.readReply()).as("inline commands").isEqualTo("+PONG\r\n");
      assertThat(c.readReply()).isEqualTo("$2\r\nhi\r\n");
    }
  }
}
