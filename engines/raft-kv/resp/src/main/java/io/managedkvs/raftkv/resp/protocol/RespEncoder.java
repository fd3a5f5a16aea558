package io.managedkvs.raftkv.resp.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes replies as RESP2 or RESP3 bytes. Runs once per reply on the event loop: no intermediate
 * objects, numbers written straight into the buffer.
 */
public final class RespEncoder {

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] NULL_2 = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL_3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);

  private RespEncoder() {}

  public static void encode(Reply reply, int protocol, ByteBuf out) {
    boolean resp3 = protocol >= 3;
    if (reply instanceof Reply.Bulk b) {
      bulk(out, b.value());
    } else if (reply instanceof Reply.Simple s) {
      line(out, '+', s.text());
    } else if (reply instanceof Reply.Int i) {
      number(out, ':', i.value());
    } else if (reply instanceof Reply.Null) {
      out.writeBytes(resp3 ? NULL_3 : NULL_2);
    } else if (reply instanceof Reply.Error e) {
      line(out, '-', e.text());
    } else if (reply instanceof Reply.Array a) {
      aggregate(out, '*', a.items(), a.items().size(), protocol);
    } else if (reply instanceof Reply.Set s) {
      aggregate(out, resp3 ? '~' : '*', s.items(), s.items().size(), protocol);
    } else if (reply instanceof Reply.Map m) {
      List<Reply> kv = m.keysAndValues();
      aggregate(out, resp3 ? '%' : '*', kv, resp3 ? kv.size() / 2 : kv.size(), protocol);
    } else if (reply instanceof Reply.Verbatim v) {
      verbatim(out, v.text(), resp3);
    } else {
      throw new IllegalArgumentException("unknown reply " + reply);
    }
  }

  private static void aggregate(ByteBuf out, char type, List<Reply> items, int count, int protocol) {
    number(out, type, count);
    for (Reply item : items) {
      encode(item, protocol, out);
    }
  }

  private static void verbatim(ByteBuf out, String text, boolean resp3) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (!resp3) {
      bulk(out, bytes);
      return;
    }
    number(out, '=', bytes.length + 4L);
    out.writeBytes(new byte[] {'t', 'x', 't', ':'});
    out.writeBytes(bytes);
    out.writeBytes(CRLF);
  }

  private static void bulk(ByteBuf out, byte[] value) {
    number(out, '$', value.length);
    out.writeBytes(value);
    out.writeBytes(CRLF);
  }

  private static void line(ByteBuf out, char type, String text) {
    out.writeByte(type);
    out.writeCharSequence(text, StandardCharsets.UTF_8);
    out.writeBytes(CRLF);
  }

  private static void number(ByteBuf out, char type, long value) {
    out.writeByte(type);
    if (value >= 0 && value < 10) {
      out.writeByte('0' + (int) value);
    } else {
      out.writeCharSequence(Long.toString(value), StandardCharsets.US_ASCII);
    }
    out.writeBytes(CRLF);
  }
}
