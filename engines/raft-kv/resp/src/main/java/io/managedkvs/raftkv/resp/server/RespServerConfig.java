package io.managedkvs.raftkv.resp.server;

import java.nio.charset.StandardCharsets;

/**
 * How the Redis front end listens and what it bounds.
 *
 * @param host address to bind, e.g. 0.0.0.0
 * @param port TCP port; 0 picks a free one
 * @param password what AUTH must present, or {@code null} for no authentication
 * @param maxInFlightPerConnection pipelined commands a connection may have unanswered before the
 *     server stops reading from it (back-pressure)
 * @param maxBulkBytes the largest argument accepted
 * @param maxClients connections served at once; more are refused with an error
 * @param ioThreads event loop threads; 0 for one per core
 * @param scanCursors SCAN cursors remembered for continuation
 */
public record RespServerConfig(
    String host,
    int port,
    String password,
    int maxInFlightPerConnection,
    int maxBulkBytes,
    int maxClients,
    int ioThreads,
    int scanCursors) {

  public static final int DEFAULT_PORT = 6379;

  public RespServerConfig {
    require(host != null && !host.isBlank(), "host", "must not be empty");
    require(port >= 0 && port <= 65535, "port", "must be 0..65535, got " + port);
    require(password == null || !password.isEmpty(), "password", "must not be empty (leave it unset for none)");
    require(maxInFlightPerConnection >= 1, "maxInFlightPerConnection", "must be at least 1");
    require(maxBulkBytes >= 1, "maxBulkBytes", "must be at least 1");
    require(maxClients >= 1, "maxClients", "must be at least 1");
    require(ioThreads >= 0, "ioThreads", "must be 0 (one per core) or more");
    require(scanCursors >= 1, "scanCursors", "must be at least 1");
  }

  /** Listens on {@code host:port} with the defaults. */
  public static RespServerConfig listen(String host, int port) {
    return new RespServerConfig(host, port, null, 1024, 64 * 1024 * 1024, 10_000, 0, 100_000);
  }

  public RespServerConfig withPassword(String password) {
    return new RespServerConfig(host, port, password, maxInFlightPerConnection, maxBulkBytes, maxClients,
        ioThreads, scanCursors);
  }

  public RespServerConfig withMaxInFlightPerConnection(int max) {
    return new RespServerConfig(host, port, password, max, maxBulkBytes, maxClients, ioThreads, scanCursors);
  }

  public RespServerConfig withMaxClients(int max) {
    return new RespServerConfig(host, port, password, maxInFlightPerConnection, maxBulkBytes, max, ioThreads,
        scanCursors);
  }

  public RespServerConfig withIoThreads(int threads) {
    return new RespServerConfig(host, port, password, maxInFlightPerConnection, maxBulkBytes, maxClients, threads,
        scanCursors);
  }

  byte[] passwordBytes() {
    return password == null ? null : password.getBytes(StandardCharsets.UTF_8);
  }

  private static void require(boolean ok, String field, String message) {
    if (!ok) {
      throw new IllegalArgumentException("RESP server " + field + ": " + message);
    }
  }
}
