package io.managedkvs.raftkv.resp.command;

/** How this server presents itself to Redis clients. */
final class ServerIdentity {

  /**
   * The Redis version whose protocol and replies this front end follows; clients gate features
   * on it (HELLO, RESP3), so it names the compatibility level, not a Redis build.
   */
  static final String REDIS_VERSION = "7.0.0";

  private ServerIdentity() {}
}
