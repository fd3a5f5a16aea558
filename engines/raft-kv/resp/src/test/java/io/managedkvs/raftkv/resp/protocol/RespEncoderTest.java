package io.managedkvs.raftkv.resp.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespEncoderTest {

  private static String encode(Reply reply, int protocol) {
    ByteBuf out = Unpooled.buffer();
    RespEncoder.encode(reply, protocol, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void scalarsAreTheSameInBothProtocols() {
    for (int protocol : new int[] {2, 3}) {
      assertThat(encode(Reply.OK, protocol)).isEqualTo("+OK\r\n");
      assertThat(encode(Reply.error("ERR bad\r\nthing"), protocol)).isEqualTo("-ERR bad  thing\r\n");
      assertThat(encode(Reply.integer(-12345), protocol)).isEqualTo(":-12345\r\n");
      assertThat(encode(Reply.integer(7), protocol)).isEqualTo(":7\r\n");
      assertThat(encode(Reply.bulk("héllo"), protocol)).isEqualTo("$6\r\nhéllo\r\n");
      assertThat(encode(new Reply.Bulk(new byte[0]), protocol)).isEqualTo("$0\r\n\r\n");
    }
  }

  @Test
  void nullsMapsSetsAndVerbatimChangeShapeWithTheProtocol() {
    Reply map = new Reply.Map(List.of(Reply.bulk("a"), Reply.integer(1)));
    Reply set = new Reply.Set(List.of(new Reply.Simple("x")));
    Reply text = new Reply.Verbatim("# Server\r\n");
    assertThat(encode(Reply.NULL, 2)).isEqualTo("$-1\r\n");
    assertThat(encode(Reply.NULL, 3)).isEqualTo("_\r\n");
    assertThat(encode(map, 2)).isEqualTo("*2\r\n$1\r\na\r\n:1\r\n");
    assertThat(encode(map, 3)).isEqualTo("%1\r\n$1\r\na\r\n:1\r\n");
    assertThat(encode(set, 2)).isEqualTo("*1\r\n+x\r\n");
    assertThat(encode(set, 3)).isEqualTo("~1\r\n+x\r\n");
    assertThat(encode(text, 2)).isEqualTo("$10\r\n# Server\r\n\r\n");
    assertThat(encode(text, 3)).isEqualTo("=14\r\ntxt:# Server\r\n\r\n");
    assertThat(encode(new Reply.Array(List.of(Reply.NULL, map)), 3)).isEqualTo("*2\r\n_\r\n%1\r\n$1\r\na\r\n:1\r\n");
  }
}
