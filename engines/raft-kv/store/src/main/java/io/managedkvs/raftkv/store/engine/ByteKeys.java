package io.managedkvs.raftkv.store.engine;

import java.util.Arrays;
import java.util.Comparator;

/** Unsigned lexicographic order of byte keys, RocksDB's default comparator. */
public final class ByteKeys {

    public static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

    private ByteKeys() {
    }

    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }
}
