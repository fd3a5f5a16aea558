package io.managedkvs.raftkv.client;

import java.util.Arrays;

/**
 * A key and its value.
 *
 * @param key   the key
 * @param value the value (empty for a key-only scan)
 * @param ttlMillis milliseconds until it expires, 0 when it does not (on writes: ignored, the batch's TTL applies)
 */
public record KvEntry(byte[] key, byte[] value, long ttlMillis) {

    public KvEntry(byte[] key, byte[] value) {
        this(key, value, 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KvEntry e && Arrays.equals(key, e.key) && Arrays.equals(value, e.value) && ttlMillis == e.ttlMillis;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "KvEntry[" + new String(key, java.nio.charset.StandardCharsets.UTF_8) + "=" + value.length + " bytes]";
    }
}
