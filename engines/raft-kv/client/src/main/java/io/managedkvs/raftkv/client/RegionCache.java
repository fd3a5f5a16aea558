package io.managedkvs.raftkv.client;

import com.google.protobuf.ByteString;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.Region;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The regions the client knows, by start key, and the addresses of the stores that hold them.
 * Lookups run on every request and take no lock; changes (a region learned from PD or from a
 * store's error) replace whole entries, removing every cached region the new one overlaps.
 */
final class RegionCache {

    private final ConcurrentSkipListMap<ByteString, CachedRegion> byStart = new ConcurrentSkipListMap<>(Keys.ORDER);
    private final Map<Long, String> storeAddresses = new ConcurrentHashMap<>();

    /** The cached region holding {@code key}. Runs per request: no allocation beyond the map's own. */
    Optional<CachedRegion> find(ByteString key) {
        Map.Entry<ByteString, CachedRegion> e = byStart.floorEntry(key);
        if (e == null || !e.getValue().contains(key)) {
            return Optional.empty();
        }
        return Optional.of(e.getValue());
    }

    /**
     * Learns a region (from PD or a store), replacing the cached regions it overlaps. An answer older
     * than what is cached (a region another cached one split from, or an older membership) is
     * ignored, so a slow PD answer cannot undo what a store already told us.
     *
     * @return whether it was taken
     */
    synchronized boolean put(Region region, Peer leader) {
        List<CachedRegion> overlapped = overlapping(region.getStartKey(), region.getEndKey());
        for (CachedRegion old : overlapped) {
            if (staler(region, old.region())) {
                return false;
            }
        }
        for (CachedRegion old : overlapped) {
            byStart.remove(old.startKey(), old);
        }
        byStart.put(region.getStartKey(), CachedRegion.of(region, leader));
        return true;
    }

    /** The store says {@code leader} leads the region now. */
    synchronized void updateLeader(long regionId, Peer leader) {
        for (CachedRegion r : byStart.values()) {
            if (r.id() == regionId) {
                CachedRegion updated = r.withLeader(leader);
                if (updated.leader() == null && leader != null) {
                    byStart.remove(r.startKey(), r); // a leader outside the peers we know: the membership changed
                } else {
                    byStart.replace(r.startKey(), r, updated);
                }
                return;
            }
        }
    }

    /** Forgets the region: the next request for its keys asks PD. */
    synchronized void invalidate(long regionId) {
        byStart.values().removeIf(r -> r.id() == regionId);
    }

    /** A request went nowhere: forget the leader, so the next try goes to another voter. */
    synchronized void forgetLeader(long regionId) {
        updateLeader(regionId, null);
    }

    int size() {
        return byStart.size();
    }

    Optional<String> storeAddress(long storeId) {
        return Optional.ofNullable(storeAddresses.get(storeId));
    }

    void putStoreAddress(long storeId, String address) {
        storeAddresses.put(storeId, address);
    }

    /** The store could not be reached: its address is asked of PD again (it may have moved). */
    void forgetStore(long storeId) {
        storeAddresses.remove(storeId);
    }

    private List<CachedRegion> overlapping(ByteString start, ByteString end) {
        List<CachedRegion> out = new ArrayList<>(2);
        Map.Entry<ByteString, CachedRegion> floor = byStart.floorEntry(start);
        if (floor != null && (floor.getValue().endKey().isEmpty() || Keys.ORDER.compare(floor.getValue().endKey(), start) > 0)) {
            out.add(floor.getValue());
        }
        var tail = byStart.tailMap(start, false);
        for (CachedRegion r : tail.values()) {
            if (!end.isEmpty() && Keys.ORDER.compare(r.startKey(), end) >= 0) {
                break;
            }
            out.add(r);
        }
        return out;
    }

    /** Whether {@code candidate} describes the key space as it was before {@code cached} did. */
    static boolean staler(Region candidate, Region cached) {
        if (candidate.getEpoch().getVersion() < cached.getEpoch().getVersion()) {
            return true;
        }
        return candidate.getId() == cached.getId() && candidate.getEpoch().getVersion() == cached.getEpoch().getVersion()
                && candidate.getEpoch().getConfVer() < cached.getEpoch().getConfVer();
    }
}
