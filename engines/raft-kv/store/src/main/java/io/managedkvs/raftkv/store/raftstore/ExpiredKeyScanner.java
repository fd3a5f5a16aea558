package io.managedkvs.raftkv.store.raftstore;

import com.google.protobuf.ByteString;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.transport.ExpiredKey;
import io.managedkvs.raftkv.store.engine.ColumnFamily;
import io.managedkvs.raftkv.store.engine.EngineView;
import io.managedkvs.raftkv.store.engine.StorageEngine;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a region's expired keys one bounded page at a time, each page read from its own
 * point-in-time view (a view held for a whole region of millions of keys would pin old data).
 */
final class ExpiredKeyScanner {

    /** Keys one page looks at, at most, so a region of live keys is walked in short steps too. */
    static final int SCAN_KEYS_PER_PAGE = 8192;

    /**
     * The expired keys found, each with the expiry it carried, and the user key the next page starts
     * at (null when the page reached the end of the region).
     */
    record Page(List<ExpiredKey> keys, byte[] next) {
    }

    private ExpiredKeyScanner() {
    }

    /** Up to {@code maxKeys} keys of {@code region} from {@code from} (a user key) that expired at or before {@code nowMs}. */
    static Page scan(StorageEngine engine, Region region, byte[] from, int maxKeys, long nowMs) {
        List<ExpiredKey> keys = new ArrayList<>();
        byte[][] last = new byte[1][];
        boolean[] stoppedEarly = new boolean[1];
        int[] scanned = new int[1];
        try (EngineView view = engine.view()) {
            view.scan(ColumnFamily.DATA, Keys.dataKey(from), Keys.dataEnd(region.getEndKey().toByteArray()), (k, v) -> {
                if (!Codec.live(v, nowMs)) {
                    keys.add(ExpiredKey.newBuilder().setKey(ByteString.copyFrom(k, 1, k.length - 1))
                            .setExpireAtMs(Codec.expireAt(v)).build());
                }
                last[0] = k;
                boolean more = keys.size() < maxKeys && ++scanned[0] < SCAN_KEYS_PER_PAGE;
                stoppedEarly[0] = !more;
                return more;
            });
        }
        return new Page(keys, stoppedEarly[0] ? successor(Keys.userKey(last[0])) : null);
    }

    /** The smallest key after {@code key}. */
    private static byte[] successor(byte[] key) {
        byte[] next = new byte[key.length + 1];
        System.arraycopy(key, 0, next, 0, key.length);
        return next;
    }
}
