package io.managedkvs.raftkv.resp.command;

import java.util.Arrays;

/** A key as a map key: arrays compare by identity, this by content (hash computed once). */
public record ByteKey(byte[] bytes, int hash) {

  public ByteKey(byte[] bytes) {
    this(bytes, Arrays.hashCode(bytes));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ByteKey k && k.hash == hash && Arrays.equals(k.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }
}
