package io.managedkvs.raftkv.store.kv;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.managedkvs.raftkv.proto.kv.KvPair;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.store.engine.ByteKeys;
import io.managedkvs.raftkv.store.engine.ColumnFamily;
import io.managedkvs.raftkv.store.engine.StorageEngine;
import io.managedkvs.raftkv.store.raftstore.Codec;
import io.managedkvs.raftkv.store.raftstore.Keys;
import java.util.ArrayList;
import java.util.List;

/** Reads of committed data, run once the region confirmed the read is linearizable. */
final class RegionReads {

    private final StorageEngine engine;

    RegionReads(StorageEngine engine) {
        this.engine = engine;
    }

    /** The live pair at {@code key}, or null. Hot path. */
    KvPair get(byte[] key, long nowMs) {
        byte[] stored = engine.get(ColumnFamily.DATA, Keys.dataKey(key));
        if (!Codec.live(stored, nowMs)) {
            return null;
        }
        return pair(key, stored, nowMs, false);
    }

    List<KvPair> scan(Region region, byte[] start, byte[] end, int limit, boolean keyOnly, long nowMs) {
        byte[] regionStart = region.getStartKey().toByteArray();
        if (ByteKeys.compare(start, regionStart) < 0) {
            start = regionStart;
        }
        byte[] regionEnd = region.getEndKey().toByteArray();
        if (end.length == 0 || (regionEnd.length > 0 && ByteKeys.compare(end, regionEnd) > 0)) {
            end = regionEnd;
        }
        List<KvPair> out = new ArrayList<>(Math.min(limit, 256));
        engine.scan(ColumnFamily.DATA, Keys.dataKey(start), Keys.dataEnd(end), (k, v) -> {
            if (Codec.live(v, nowMs)) {
                out.add(pair(Keys.userKey(k), v, nowMs, keyOnly));
            }
            return out.size() < limit;
        });
        return out;
    }

    static long ttlLeft(byte[] stored, long nowMs) {
        long exp = Codec.expireAt(stored);
        return exp == 0 ? 0 : Math.max(1, exp - nowMs);
    }

    private static KvPair pair(byte[] key, byte[] stored, long nowMs, boolean keyOnly) {
        KvPair.Builder b = KvPair.newBuilder().setKey(UnsafeByteOperations.unsafeWrap(key)).setTtlMs(ttlLeft(stored, nowMs));
        if (!keyOnly) {
            b.setValue(UnsafeByteOperations.unsafeWrap(stored, 8, stored.length - 8));
        }
        return b.build();
    }
}
