package io.managedkvs.raftkv.resp.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One reply to a command, independent of the protocol version: {@link RespEncoder} writes it as
 * RESP2 or RESP3 (a map becomes a flat array in RESP2, a null becomes {@code $-1}, and so on).
 */
public sealed interface Reply {

  Reply OK = new Simple("OK");
  Reply PONG = new Simple("PONG");
  Reply NULL = new Null();
  Reply ZERO = new Int(0);
  Reply ONE = new Int(1);
  Reply EMPTY_ARRAY = new Array(List.of());

  /** {@code +text}: never contains CR or LF. */
  record Simple(String text) implements Reply {}

  /** {@code -CODE message}: the text includes the code, e.g. {@code ERR syntax error}. */
  record Error(String text) implements Reply {}

  record Int(long value) implements Reply {}

  record Bulk(byte[] value) implements Reply {}

  /** A nil bulk string in RESP2, {@code _} in RESP3. */
  record Null() implements Reply {}

  record Array(List<Reply> items) implements Reply {}

  /** RESP3 {@code ~}; an array in RESP2. */
  record Set(List<Reply> items) implements Reply {}

  /** RESP3 {@code %}; a flat key, value, key, value array in RESP2. */
  record Map(List<Reply> keysAndValues) implements Reply {}

  /** RESP3 {@code =} with format {@code txt}; a bulk string in RESP2. */
  record Verbatim(String text) implements Reply {}

  static Reply bulk(String text) {
    return new Bulk(text.getBytes(StandardCharsets.UTF_8));
  }

  static Reply integer(long value) {
    return value == 0 ? ZERO : value == 1 ? ONE : new Int(value);
  }

  /** An error whose message may come from outside: CR and LF would end the reply early. */
  static Reply error(String text) {
    return new Error(text.replace('\r', ' ').replace('\n', ' '));
  }
}
