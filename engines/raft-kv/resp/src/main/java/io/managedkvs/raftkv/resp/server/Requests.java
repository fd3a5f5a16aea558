package io.managedkvs.raftkv.resp.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.redis.ArrayRedisMessage;
import io.netty.handler.codec.redis.FullBulkStringRedisMessage;
import io.netty.handler.codec.redis.InlineCommandRedisMessage;
import io.netty.handler.codec.redis.RedisCodecException;
import io.netty.handler.codec.redis.RedisMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Turns a decoded request (an array of bulk strings, or an inline line) into its arguments. */
final class Requests {

  private Requests() {}

  /** The arguments, copied out of the message (which the caller releases); empty to ignore. */
  static List<byte[]> arguments(RedisMessage msg) {
    if (msg instanceof ArrayRedisMessage array) {
      List<byte[]> args = new ArrayList<>(array.children().size());
      for (RedisMessage child : array.children()) {
        if (!(child instanceof FullBulkStringRedisMessage bulk)) {
          throw new RedisCodecException("expected '$', got '" + typeOf(child) + "'");
        }
        ByteBuf content = bulk.content();
        args.add(bulk.isNull() ? new byte[0] : ByteBufUtil.getBytes(content));
      }
      return args;
    }
    if (msg instanceof InlineCommandRedisMessage inline) {
      List<byte[]> args = new ArrayList<>();
      for (String word : inline.content().trim().split("[ \t]+")) {
        if (!word.isEmpty()) {
          args.add(word.getBytes(StandardCharsets.UTF_8));
        }
      }
      return args;
    }
    throw new RedisCodecException("expected '*', got '" + typeOf(msg) + "'");
  }

  private static char typeOf(RedisMessage msg) {
    return msg instanceof ArrayRedisMessage ? '*' : msg instanceof FullBulkStringRedisMessage ? '$' : '?';
  }
}
