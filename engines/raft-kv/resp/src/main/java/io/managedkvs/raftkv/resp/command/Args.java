package io.managedkvs.raftkv.resp.command;

import java.nio.charset.StandardCharsets;

/** Parsing of command arguments as Redis does it. */
public final class Args {

  private Args() {}

  public static String text(byte[] arg) {
    return new String(arg, StandardCharsets.UTF_8);
  }

  /** Case-insensitive comparison with an ASCII keyword, without building a String. */
  public static boolean is(byte[] arg, String keyword) {
    if (arg.length != keyword.length()) {
      return false;
    }
    for (int i = 0; i < arg.length; i++) {
      int a = arg[i];
      int k = keyword.charAt(i);
      if (a != k && Character.toLowerCase(a) != Character.toLowerCase(k)) {
        return false;
      }
    }
    return true;
  }

  /** A signed 64-bit integer written exactly as Redis writes one: no sign on 0, no leading zeros. */
  public static long parseLong(byte[] arg) {
    Long value = tryParseLong(arg);
    if (value == null) {
      throw new ReplyException(Errors.NOT_INTEGER);
    }
    return value;
  }

  /** {@code null} when {@code arg} is not a canonical 64-bit integer. */
  public static Long tryParseLong(byte[] arg) {
    int n = arg.length;
    if (n == 0 || n > 20) {
      return null;
    }
    if (n == 1 && arg[0] == '0') {
      return 0L;
    }
    boolean negative = arg[0] == '-';
    int i = negative ? 1 : 0;
    if (i == n || arg[i] < '1' || arg[i] > '9') {
      return null;
    }
    long value = 0;
    for (; i < n; i++) {
      int d = arg[i] - '0';
      if (d < 0 || d > 9) {
        return null;
      }
      // Accumulate negatively so that Long.MIN_VALUE parses.
      if (value < (Long.MIN_VALUE + d) / 10) {
        return null;
      }
      value = value * 10 - d;
    }
    if (!negative) {
      if (value == Long.MIN_VALUE) {
        return null;
      }
      value = -value;
    }
    return value;
  }

  public static byte[] bytes(long value) {
    return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
  }
}
