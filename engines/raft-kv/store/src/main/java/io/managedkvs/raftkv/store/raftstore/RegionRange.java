package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.store.engine.ByteKeys;

/** Key-range arithmetic on regions; an empty end key is the end of the key space. */
public final class RegionRange {

    private RegionRange() {
    }

    /** Whether {@code key} lies in the region. */
    public static boolean contains(Region region, byte[] key) {
        byte[] start = region.getStartKey().toByteArray();
        if (ByteKeys.compare(key, start) < 0) {
            return false;
        }
        return region.getEndKey().isEmpty() || compareToEnd(key, region) < 0;
    }

    private static int compareToEnd(byte[] key, Region region) {
        return ByteKeys.compare(key, region.getEndKey().toByteArray());
    }

    /** Whether two regions' ranges overlap. */
    public static boolean overlaps(Region a, Region b) {
        return before(a.getStartKey().toByteArray(), b) && before(b.getStartKey().toByteArray(), a);
    }

    /** Whether {@code start} is before the end of {@code r}. */
    private static boolean before(byte[] start, Region r) {
        return r.getEndKey().isEmpty() || ByteKeys.compare(start, r.getEndKey().toByteArray()) < 0;
    }
}
