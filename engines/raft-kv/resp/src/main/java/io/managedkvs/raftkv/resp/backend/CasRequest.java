package io.managedkvs.raftkv.resp.backend;

/**
 * Atomically: if {@code condition} holds, write {@code newValue} with {@code ttlMs} (0: none) or,
 * when {@code delete}, remove the key.
 */
public record CasRequest(
    byte[] key, CasCondition condition, byte[] expectedValue, byte[] newValue, boolean delete, long ttlMs) {

  public static CasRequest write(byte[] key, CasCondition condition, byte[] expected, byte[] value, long ttlMs) {
    return new CasRequest(key, condition, expected, value, false, ttlMs);
  }

  public static CasRequest delete(byte[] key, byte[] expected) {
    return new CasRequest(key, CasCondition.VALUE_EQUALS, expected, null, true, 0);
  }
}
