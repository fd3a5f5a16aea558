package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.store.engine.ColumnFamily;
import io.managedkvs.raftkv.store.engine.StorageEngine;

/**
 * Decides whether a region has outgrown its limits, and where to cut it. Runs on a background
 * thread over the live engine; the split command's epoch check makes a stale answer harmless.
 */
final class SplitChecker {

    /** Keys and bytes of a region, and the key at which half of its keys lie before. */
    record Size(long keys, long bytes) {
    }

    private SplitChecker() {
    }

    static Size size(StorageEngine engine, Region region, long stopAfterKeys) {
        long[] acc = new long[2];
        engine.scan(ColumnFamily.DATA, Keys.dataKey(region.getStartKey().toByteArray()),
                Keys.dataEnd(region.getEndKey().toByteArray()), (k, v) -> {
                    acc[0]++;
                    acc[1] += k.length + v.length;
                    return acc[0] <= stopAfterKeys;
                });
        return new Size(acc[0], acc[1]);
    }

    /** The key with half the region's bytes before it, or null if the region has fewer than two keys. */
    static byte[] middleKey(StorageEngine engine, Region region) {
        Size total = size(engine, region, Long.MAX_VALUE);
        if (total.keys() < 2) {
            return null;
        }
        long half = total.bytes() / 2;
        long[] acc = new long[1];
        byte[][] found = new byte[1][];
        byte[] start = region.getStartKey().toByteArray();
        engine.scan(ColumnFamily.DATA, Keys.dataKey(start), Keys.dataEnd(region.getEndKey().toByteArray()), (k, v) -> {
            acc[0] += k.length + v.length;
            if (acc[0] >= half) {
                found[0] = Keys.userKey(k);
                return false;
            }
            return true;
        });
        byte[] key = found[0];
        if (key == null || java.util.Arrays.equals(key, start)) {
            return null;
        }
        return key;
    }
}
