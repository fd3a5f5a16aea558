package io.managedkvs.raftkv.resp.command;

import java.util.List;

/** The options of SET, parsed and checked as Redis does (conflicts are a syntax error). */
record SetOptions(boolean nx, boolean xx, boolean get, boolean keepTtl, long ttlMs) {

  /** {@code from} is the index of the first option. */
  static SetOptions parse(List<byte[]> args, int from, String command) {
    boolean nx = false;
    boolean xx = false;
    boolean get = false;
    boolean keepTtl = false;
    long ttlMs = 0;
    boolean expiry = false;
    for (int i = from; i < args.size(); i++) {
      byte[] a = args.get(i);
      boolean hasNext = i + 1 < args.size();
      if (Args.is(a, "NX") && !xx) {
        nx = true;
      } else if (Args.is(a, "XX") && !nx) {
        xx = true;
      } else if (Args.is(a, "GET")) {
        get = true;
      } else if (Args.is(a, "KEEPTTL") && !expiry) {
        keepTtl = true;
      } else if ((Args.is(a, "EX") || Args.is(a, "PX")) && !expiry && !keepTtl && hasNext) {
        ttlMs = ttlMs(args.get(++i), Args.is(a, "EX"), command);
        expiry = true;
      } else {
        throw new ReplyException(Errors.SYNTAX);
      }
    }
    return new SetOptions(nx, xx, get, keepTtl, ttlMs);
  }

  /** A relative expiry in seconds or milliseconds, as milliseconds; must be positive. */
  static long ttlMs(byte[] arg, boolean seconds, String command) {
    long amount = Args.parseLong(arg);
    if (amount <= 0 || (seconds && amount > Long.MAX_VALUE / 1000)) {
      throw new ReplyException(Errors.invalidExpire(command));
    }
    return seconds ? amount * 1000 : amount;
  }

  boolean plain() {
    return !nx && !xx && !get && !keepTtl;
  }
}
