package io.managedkvs.raftkv.resp.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.redis.ArrayHeaderRedisMessage;
import io.netty.handler.codec.redis.BulkStringHeaderRedisMessage;
import io.netty.handler.codec.redis.RedisCodecException;

/**
 * Refuses request headers that announce more than the server accepts, before the aggregators
 * reserve room for them: a {@code *2147483647} header would otherwise allocate a list of that size.
 * Sits between the decoder and the aggregators.
 */
final class RequestLimits extends ChannelInboundHandlerAdapter {

  /** Redis's own limit on arguments per command. */
  static final long MAX_ARGUMENTS = 1024 * 1024;

  private final long maxBulkBytes;

  RequestLimits(long maxBulkBytes) {
    this.maxBulkBytes = maxBulkBytes;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ArrayHeaderRedisMessage header && header.length() > MAX_ARGUMENTS) {
      throw new RedisCodecException("invalid multibulk length");
    }
    if (msg instanceof BulkStringHeaderRedisMessage header && header.bulkStringLength() > maxBulkBytes) {
      throw new RedisCodecException("invalid bulk length");
    }
    ctx.fireChannelRead(msg);
  }
}
