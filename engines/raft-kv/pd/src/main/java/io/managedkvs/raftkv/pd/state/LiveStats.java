package io.managedkvs.raftkv.pd.state;

import io.managedkvs.raftkv.proto.pd.RegionHeartbeat;
import io.managedkvs.raftkv.proto.pd.StoreStats;
import java.util.HashMap;
import java.util.Map;

/**
 * What the leader learns from heartbeats and does not replicate: load, liveness, which peer leads
 * each region. A new leader starts empty and has it all back within a heartbeat round; until a
 * store speaks, it counts as seen when this leader took over, so no store looks down merely
 * because PD changed leaders.
 */
public final class LiveStats {

    /** The latest a store told us, and when. */
    public record StoreLive(StoreStats stats, long lastHeartbeatMs) {
    }

    private final Map<Long, StoreLive> stores = new HashMap<>();
    private final Map<Long, RegionHeartbeat> regions = new HashMap<>();
    private long sinceMs;

    /** A new term of leadership at {@code nowMs}: forget everything. */
    public void reset(long nowMs) {
        stores.clear();
        regions.clear();
        sinceMs = nowMs;
    }

    public void storeHeartbeat(StoreStats stats, long nowMs) {
        stores.put(stats.getStoreId(), new StoreLive(stats, nowMs));
    }

    /** A store spoke without stats (e.g. it registered): it is alive. */
    public void storeSeen(long storeId, long nowMs) {
        StoreLive old = stores.get(storeId);
        stores.put(storeId, new StoreLive(old == null ? StoreStats.newBuilder().setStoreId(storeId).build() : old.stats(), nowMs));
    }

    /**
     * Takes a region leader's heartbeat, unless one of a later Raft term is held: a deposed leader's
     * heartbeat that arrives after its successor's would make PD believe the leader moved back, and
     * leader balancing would act on that. Returns whether it was taken.
     */
    public boolean regionHeartbeat(RegionHeartbeat hb) {
        RegionHeartbeat held = regions.get(hb.getRegion().getId());
        if (held != null && hb.getTerm() < held.getTerm()) {
            return false;
        }
        regions.put(hb.getRegion().getId(), hb);
        return true;
    }

    public StoreLive store(long storeId) {
        return stores.get(storeId);
    }

    /** The last heartbeat of {@code regionId}'s leader, or null. */
    public RegionHeartbeat region(long regionId) {
        return regions.get(regionId);
    }

    public Map<Long, RegionHeartbeat> regions() {
        return regions;
    }

    /** Milliseconds of the last sign of life, or of this leader's start if the store has not spoken since. */
    public long lastSeenMs(long storeId) {
        StoreLive s = stores.get(storeId);
        return s == null ? sinceMs : Math.max(sinceMs, s.lastHeartbeatMs());
    }

    public boolean isDown(long storeId, long nowMs, long downAfterMs) {
        return nowMs - lastSeenMs(storeId) > downAfterMs;
    }
}
