package io.managedkvs.raftkv.resp.command;

import java.util.List;

/** EXPIRE's NX, XX, GT and LT: when a new expiry may replace the current one. */
record ExpireOptions(boolean nx, boolean xx, boolean gt, boolean lt) {

  static ExpireOptions parse(List<byte[]> args, int from) {
    boolean nx = false;
    boolean xx = false;
    boolean gt = false;
    boolean lt = false;
    for (int i = from; i < args.size(); i++) {
      byte[] a = args.get(i);
      if (Args.is(a, "NX")) {
        nx = true;
      } else if (Args.is(a, "XX")) {
        xx = true;
      } else if (Args.is(a, "GT")) {
        gt = true;
      } else if (Args.is(a, "LT")) {
        lt = true;
      } else {
        throw new ReplyException("ERR Unsupported option " + Args.text(a));
      }
    }
    if (nx && (xx || gt || lt)) {
      throw new ReplyException("ERR NX and XX, GT or LT options at the same time are not compatible");
    }
    if (gt && lt) {
      throw new ReplyException("ERR GT and LT options at the same time are not compatible");
    }
    return new ExpireOptions(nx, xx, gt, lt);
  }

  /** {@code currentTtlMs} 0 means no expiry, which counts as infinite for GT and LT. */
  boolean allows(long currentTtlMs, long newTtlMs) {
    boolean persistent = currentTtlMs == 0;
    if (nx) {
      return persistent;
    }
    if (xx && persistent) {
      return false;
    }
    if (gt) {
      return !persistent && newTtlMs > currentTtlMs;
    }
    if (lt) {
      return persistent || newTtlMs < currentTtlMs;
    }
    return true;
  }
}
