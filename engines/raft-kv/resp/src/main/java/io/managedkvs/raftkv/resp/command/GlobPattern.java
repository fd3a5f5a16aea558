package io.managedkvs.raftkv.resp.command;

import java.util.Arrays;

/**
 * Redis's glob patterns (KEYS, SCAN MATCH): {@code *}, {@code ?}, {@code [abc]}, {@code [^a-z]}
 * and {@code \} escapes, on bytes. The literal prefix before the first special character bounds
 * the key range worth scanning.
 */
public final class GlobPattern {

  private final byte[] pattern;
  private final byte[] prefix;

  public GlobPattern(byte[] pattern) {
    this.pattern = pattern;
    int i = 0;
    while (i < pattern.length && "*?[\\".indexOf(pattern[i]) < 0) {
      i++;
    }
    this.prefix = Arrays.copyOf(pattern, i);
  }

  public static GlobPattern all() {
    return new GlobPattern(new byte[] {'*'});
  }

  /** Every matching key starts with this. */
  public byte[] prefix() {
    return prefix;
  }

  /** The first key after every key that starts with {@link #prefix()}; empty for no bound. */
  public byte[] prefixEnd() {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    return new byte[0];
  }

  public boolean matches(byte[] key) {
    return match(0, key, 0);
  }

  private boolean match(int p, byte[] s, int si) {
    while (p < pattern.length) {
      byte c = pattern[p];
      if (c == '*') {
        while (p + 1 < pattern.length && pattern[p + 1] == '*') {
          p++;
        }
        if (p + 1 == pattern.length) {
          return true;
        }
        for (int k = si; k <= s.length; k++) {
          if (match(p + 1, s, k)) {
            return true;
          }
        }
        return false;
      }
      if (si >= s.length) {
        return false;
      }
      if (c == '?') {
        p++;
      } else if (c == '[') {
        int end = classEnd(p);
        if (!inClass(p + 1, end, s[si])) {
          return false;
        }
        p = end + 1;
      } else {
        if (c == '\\' && p + 1 < pattern.length) {
          c = pattern[++p];
        }
        if (c != s[si]) {
          return false;
        }
        p++;
      }
      si++;
    }
    return si == s.length;
  }

  /** Index of the closing {@code ]} (or the last index when unclosed, as Redis tolerates). */
  private int classEnd(int open) {
    int i = open + 1;
    if (i < pattern.length && pattern[i] == '^') {
      i++;
    }
    while (i < pattern.length && pattern[i] != ']') {
      if (pattern[i] == '\\' && i + 1 < pattern.length) {
        i++;
      }
      i++;
    }
    return Math.min(i, pattern.length - 1);
  }

  private boolean inClass(int from, int end, byte b) {
    int v = b & 0xFF;
    boolean negate = from < end && pattern[from] == '^';
    int i = negate ? from + 1 : from;
    boolean found = false;
    while (i < end) {
      if (pattern[i] == '\\' && i + 1 < end) {
        found |= (pattern[i + 1] & 0xFF) == v;
        i += 2;
      } else if (i + 2 < end && pattern[i + 1] == '-') {
        int lo = pattern[i] & 0xFF;
        int hi = pattern[i + 2] & 0xFF;
        found |= v >= Math.min(lo, hi) && v <= Math.max(lo, hi);
        i += 3;
      } else {
        found |= (pattern[i] & 0xFF) == v;
        i++;
      }
    }
    return negate != found;
  }
}
