package io.managedkvs.raftkv.resp.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;

/**
 * Stops reading a connection while it has too much unanswered. Turning auto-read off is not
 * enough: the aggregators ask for one more read whenever a request is cut between two reads, which
 * is nearly always in a pipelined stream. First in the pipeline, this drops those asks while
 * paused. Event loop only.
 */
final class ReadGate extends ChannelDuplexHandler {

  private ChannelHandlerContext ctx;
  private boolean paused;

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  boolean paused() {
    return paused;
  }

  void pause() {
    if (!paused) {
      paused = true;
      ctx.channel().config().setAutoRead(false);
    }
  }

  void resume() {
    if (paused) {
      paused = false;
      ctx.channel().config().setAutoRead(true);
    }
  }

  @Override
  public void read(ChannelHandlerContext ctx) {
    if (!paused) {
      ctx.read();
    }
  }
}
