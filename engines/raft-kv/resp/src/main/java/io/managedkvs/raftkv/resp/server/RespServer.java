package io.managedkvs.raftkv.resp.server;

import io.managedkvs.raftkv.resp.backend.KvBackend;
import io.managedkvs.raftkv.resp.command.CommandTable;
import io.managedkvs.raftkv.resp.command.ServerStats;
import io.managedkvs.raftkv.resp.command.Session;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.redis.RedisArrayAggregator;
import io.netty.handler.codec.redis.RedisBulkStringAggregator;
import io.netty.handler.codec.redis.RedisDecoder;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The Redis protocol (RESP2 and RESP3) in front of a {@link KvBackend}: one per store process,
 * so that any store answers any key (the backend forwards to the region's leader).
 */
public final class RespServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RespServer.class.getName());

  private final RespServerConfig config;
  private final ServerStats stats = new ServerStats();
  private final AtomicLong clientIds = new AtomicLong();
  private final CommandTable table;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final SslContext tls;
  private volatile Channel listener;

  public RespServer(RespServerConfig config, KvBackend backend) {
    this(config, backend, System::currentTimeMillis);
  }

  /** {@code clockMs}: wall-clock milliseconds, for EXPIREAT and TIME (tests move their own). */
  public RespServer(RespServerConfig config, KvBackend backend, LongSupplier clockMs) {
    this(config, backend, clockMs, null);
  }

  /**
   * {@code tls}: every connection starts with a TLS handshake (as redis-server's tls-port); null for
   * plaintext. A context built on reloading key and trust managers serves rotated certificates to
   * new connections without a restart.
   */
  public RespServer(RespServerConfig config, KvBackend backend, LongSupplier clockMs, SslContext tls) {
    this.config = config;
    this.tls = tls;
    this.table = new CommandTable(backend, stats, new CommandTable.Settings(
        config.passwordBytes(), this::port, config.maxClients(), config.scanCursors(), clockMs));
    this.boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    this.workers = new MultiThreadIoEventLoopGroup(config.ioThreads(), NioIoHandler.newFactory());
  }

  /** Binds and starts serving; returns once the port is open. */
  public RespServer start() throws InterruptedException {
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            boolean open = config.password() == null;
            ReadGate readGate = new ReadGate();
            if (tls != null) {
              ch.pipeline().addLast(tls.newHandler(ch.alloc()));
            }
            ch.pipeline()
                .addLast(readGate)
                .addLast(new RedisDecoder(true))
                .addLast(new RequestLimits(config.maxBulkBytes()))
                .addLast(new RedisBulkStringAggregator())
                .addLast(new RedisArrayAggregator())
                .addLast(new RespConnection(table, stats, new Session(clientIds.incrementAndGet(), open),
                    readGate, config.maxInFlightPerConnection(), config.maxClients()));
          }
        });
    try {
      listener = bootstrap.bind(config.host(), config.port()).sync().channel();
    } catch (Exception e) {
      close();
      throw new IllegalStateException("the Redis protocol cannot listen on " + config.host() + ":" + config.port()
          + ": " + e.getMessage(), e);
    }
    LOG.info(() -> "Redis protocol listening on " + listener.localAddress());
    return this;
  }

  /** The bound port (the configured one, or the one picked for port 0). */
  public int port() {
    Channel ch = listener;
    return ch == null ? config.port() : ((InetSocketAddress) ch.localAddress()).getPort();
  }

  public ServerStats stats() {
    return stats;
  }

  @Override
  public void close() {
    Channel ch = listener;
    if (ch != null) {
      ch.close().syncUninterruptibly();
    }
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
