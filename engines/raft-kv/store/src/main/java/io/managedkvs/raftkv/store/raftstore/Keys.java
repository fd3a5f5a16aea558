package io.managedkvs.raftkv.store.raftstore;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The key layout. In the RAFT family every region's state sits under {@code 0x01 + region id}:
 * log entries ({@code 0x01 + index}), hard state ({@code 0x02}), apply state ({@code 0x03}) and
 * the region's description ({@code 0x04}); the store's identity is {@code 0x00 "ident"}. In the DATA
 * family a user key is stored as {@code 'z' + key}, so a region's data is one contiguous range
 * and a split moves no data.
 */
public final class Keys {

    static final byte REGION_PREFIX = 0x01;
    static final byte LOG_SUFFIX = 0x01;
    static final byte HARD_STATE_SUFFIX = 0x02;
    static final byte APPLY_STATE_SUFFIX = 0x03;
    static final byte REGION_STATE_SUFFIX = 0x04;
    static final byte DATA_PREFIX = 'z';

    public static final byte[] STORE_IDENT = {0x00, 'i', 'd', 'e', 'n', 't'};
    /** Start and end of every region-state key, for loading all regions at startup. */
    public static final byte[] REGION_META_START = {REGION_PREFIX};
    public static final byte[] REGION_META_END = {REGION_PREFIX + 1};

    private Keys() {
    }

    static byte[] logKey(long regionId, long index) {
        return ByteBuffer.allocate(18).put(REGION_PREFIX).putLong(regionId).put(LOG_SUFFIX).putLong(index).array();
    }

    static long indexOfLogKey(byte[] key) {
        return ByteBuffer.wrap(key, 10, 8).getLong();
    }

    static byte[] hardStateKey(long regionId) {
        return regionKey(regionId, HARD_STATE_SUFFIX);
    }

    static byte[] applyStateKey(long regionId) {
        return regionKey(regionId, APPLY_STATE_SUFFIX);
    }

    static byte[] regionStateKey(long regionId) {
        return regionKey(regionId, REGION_STATE_SUFFIX);
    }

    static boolean isRegionStateKey(byte[] key) {
        return key.length == 10 && key[0] == REGION_PREFIX && key[9] == REGION_STATE_SUFFIX;
    }

    private static byte[] regionKey(long regionId, byte suffix) {
        return ByteBuffer.allocate(10).put(REGION_PREFIX).putLong(regionId).put(suffix).array();
    }

    /** The stored form of a user key. Hot path: one allocation. */
    public static byte[] dataKey(byte[] userKey) {
        byte[] k = new byte[userKey.length + 1];
        k[0] = DATA_PREFIX;
        System.arraycopy(userKey, 0, k, 1, userKey.length);
        return k;
    }

    /** The stored form of a range end; an empty end (the end of the key space) ends the DATA prefix. */
    public static byte[] dataEnd(byte[] userEnd) {
        if (userEnd == null || userEnd.length == 0) {
            return new byte[] {DATA_PREFIX + 1};
        }
        return dataKey(userEnd);
    }

    public static byte[] userKey(byte[] dataKey) {
        return Arrays.copyOfRange(dataKey, 1, dataKey.length);
    }
}
