package io.managedkvs.raftkv.resp.server;

import io.managedkvs.raftkv.resp.backend.KvBackendException;
import io.managedkvs.raftkv.resp.command.CommandSpec;
import io.managedkvs.raftkv.resp.command.CommandTable;
import io.managedkvs.raftkv.resp.command.Errors;
import io.managedkvs.raftkv.resp.command.ReplyException;
import io.managedkvs.raftkv.resp.command.ServerStats;
import io.managedkvs.raftkv.resp.command.Session;
import io.managedkvs.raftkv.resp.protocol.Reply;
import io.managedkvs.raftkv.resp.protocol.RespEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.redis.RedisMessage;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection. Every field is touched only on the channel's event loop.
 *
 * <p>Pipelined commands run concurrently on the store unless they share a key (see
 * {@link KeyConflicts}); replies are written strictly in request order, batched into one buffer
 * and one flush per read burst or per loop turn. When {@code maxInFlight} requests are unanswered,
 * or the socket stops draining, the connection stops reading until half of them are answered.
 */
final class RespConnection extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = Logger.getLogger(RespConnection.class.getName());

  private final CommandTable table;
  private final ServerStats stats;
  private final int maxInFlight;
  private final int maxClients;
  private final Session session;
  private final ReadGate readGate;
  private final ArrayDeque<PendingReply> inOrder = new ArrayDeque<>();
  private final ArrayDeque<PendingReply> waiting = new ArrayDeque<>();
  private final KeyConflicts conflicts = new KeyConflicts();
  private ChannelHandlerContext ctx;
  private ByteBuf out;
  private boolean reading;
  private boolean starting;
  private boolean flushScheduled;
  private boolean counted;

  RespConnection(CommandTable table, ServerStats stats, Session session, ReadGate readGate, int maxInFlight,
      int maxClients) {
    this.table = table;
    this.readGate = readGate;
    this.stats = stats;
    this.session = session;
    this.maxInFlight = maxInFlight;
    this.maxClients = maxClients;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    if (stats.connectedClients() >= maxClients) {
      stats.rejected();
      ctx.writeAndFlush(ctx.alloc().buffer().writeBytes("-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII)))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    counted = true;
    stats.connected();
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (counted) {
      stats.disconnected();
      counted = false;
    }
    if (out != null) {
      out.release();
      out = null;
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    reading = true;
    List<byte[]> args;
    try {
      args = Requests.arguments((RedisMessage) msg);
    } finally {
      ReferenceCountUtil.release(msg);
    }
    if (session.closing() || args.isEmpty()) {
      return;
    }
    stats.commandProcessed();
    accept(args);
    writeAnswered();
    updateReading();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    reading = false;
    flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    updateReading();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof DecoderException && !session.closing()) {
      // Answer what came before, then the protocol error, then close: as Redis does.
      String message = cause.getCause() != null ? cause.getCause().getMessage() : cause.getMessage();
      PendingReply error = PendingReply.answered(Reply.error("ERR Protocol error: " + message), session.protocol());
      error.closeAfter = true;
      sessionClosing();
      inOrder.add(error);
      writeAnswered();
      flush();
      return;
    }
    LOG.fine(() -> "RESP connection " + ctx.channel().remoteAddress() + " closed: " + cause);
    ctx.close();
  }

  /** Requests after this point are dropped. */
  private void sessionClosing() {
    readGate.pause();
    session.close();
  }

  private void accept(List<byte[]> args) {
    CommandSpec spec = table.lookup(args.get(0));
    Reply refused = null;
    if (spec == null) {
      refused = Reply.error(Errors.unknownCommand(args));
    } else if (!spec.arityMatches(args.size())) {
      refused = Reply.error(Errors.wrongArity(spec.name()));
    } else if (!session.authenticated() && !spec.allowedBeforeAuth()) {
      refused = Reply.error(Errors.NOAUTH);
    }
    if (refused != null) {
      inOrder.add(PendingReply.answered(refused, session.protocol()));
      return;
    }
    PendingReply request = new PendingReply(args, spec, spec.access(args), session.protocol());
    inOrder.add(request);
    if (request.access.none() || (waiting.isEmpty() && !conflicts.blocks(request.access))) {
      start(request);
    } else {
      waiting.add(request);
    }
  }

  private void start(PendingReply request) {
    conflicts.acquire(request.access);
    CompletableFuture<Reply> result;
    try {
      result = request.spec.handler().execute(request.args, session);
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    if (request.access.none()) {
      // Keyless commands run as they arrive, so this is their own doing: HELLO answers in the
      // protocol it switches to, QUIT closes after its reply. A keyed command that waited keeps
      // the protocol of its arrival and never closes.
      request.protocol = session.protocol();
      request.closeAfter = session.closing();
      if (request.closeAfter) {
        readGate.pause();
      }
    }
    if (result.isDone()) {
      Throwable error = failure(result);
      finish(request, error == null ? result.getNow(null) : null, error);
    } else {
      result.whenComplete((reply, error) -> {
        if (ctx.executor().inEventLoop()) {
          completed(request, reply, error);
        } else {
          ctx.executor().execute(() -> completed(request, reply, error));
        }
      });
    }
  }

  private void completed(PendingReply request, Reply reply, Throwable error) {
    finish(request, reply, error);
    writeAnswered();
    updateReading();
    if (!reading && !flushScheduled) {
      // Replies completing in this loop turn leave in one flush.
      flushScheduled = true;
      ctx.executor().execute(this::flush);
    }
  }

  private void finish(PendingReply request, Reply reply, Throwable error) {
    conflicts.release(request.access);
    request.reply = error == null ? reply : errorReply(error);
    startWaiting();
  }

  private void startWaiting() {
    if (starting) {
      return;
    }
    starting = true;
    try {
      while (!waiting.isEmpty() && !conflicts.blocks(waiting.peek().access)) {
        start(waiting.poll());
      }
    } finally {
      starting = false;
    }
  }

  private void writeAnswered() {
    while (!inOrder.isEmpty() && inOrder.peek().done()) {
      PendingReply answered = inOrder.poll();
      if (out == null) {
        out = ctx.alloc().ioBuffer(256);
      }
      RespEncoder.encode(answered.reply, answered.protocol, out);
      if (answered.closeAfter) {
        ByteBuf last = out;
        out = null;
        inOrder.clear();
        ctx.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
        return;
      }
    }
  }

  private void flush() {
    flushScheduled = false;
    if (out != null && ctx.channel().isActive()) {
      ByteBuf ready = out;
      out = null;
      ctx.writeAndFlush(ready, ctx.voidPromise());
    }
  }

  private void updateReading() {
    boolean writable = ctx.channel().isWritable();
    if (session.closing()) {
      return;
    }
    if (!readGate.paused() && (inOrder.size() >= maxInFlight || !writable)) {
      readGate.pause();
    } else if (readGate.paused() && writable && inOrder.size() <= maxInFlight / 2) {
      readGate.resume();
    }
  }

  /** The failure of a completed future, or {@code null} if it succeeded. */
  private static Throwable failure(CompletableFuture<Reply> result) {
    if (!result.isCompletedExceptionally()) {
      return null;
    }
    try {
      result.join();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  private Reply errorReply(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ReplyException e) {
      return e.reply();
    }
    if (cause instanceof KvBackendException) {
      return Reply.error("ERR " + cause.getMessage());
    }
    LOG.log(Level.WARNING, cause, () -> "RESP command failed unexpectedly (client id " + session.id() + ")");
    return Reply.error("ERR internal error: " + cause);
  }
}
