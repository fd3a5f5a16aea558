package io.managedkvs.raftkv.pd.state;

import com.google.protobuf.ByteString;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.meta.RegionEpoch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The key space as PD knows it: regions by id and by start key. Keeps only the newest shape of
 * each range; a region reported with an older epoch than what is held is ignored.
 */
public final class RegionMap {

    private static final Comparator<ByteString> KEY_ORDER = ByteString.unsignedLexicographicalComparator();

    private final Map<Long, Region> byId = new HashMap<>();
    private final NavigableMap<ByteString, Region> byStart = new TreeMap<>(KEY_ORDER);

    /**
     * Takes {@code region} if it is newer than what the map holds for its id and its range: regions
     * it overlaps with an older version (the halves-to-be of a split) are dropped.
     *
     * @return whether the map changed
     */
    public boolean put(Region region) {
        if (!wouldChange(region)) {
            return false;
        }
        Region old = byId.get(region.getId());
        if (old != null) {
            remove(old);
        }
        for (Region o : overlapping(region)) {
            remove(o);
        }
        byId.put(region.getId(), region);
        byStart.put(region.getStartKey(), region);
        return true;
    }

    /** Whether {@link #put} would take {@code region}: it is newer than its own entry and than every region it overlaps. */
    public boolean wouldChange(Region region) {
        Region old = byId.get(region.getId());
        if (old != null && !isNewer(region.getEpoch(), old.getEpoch())) {
            return false;
        }
        for (Region o : overlapping(region)) {
            if (o.getId() != region.getId() && o.getEpoch().getVersion() >= region.getEpoch().getVersion()) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code candidate} is a later shape than {@code held}: neither counter went back, one went on. */
    public static boolean isNewer(RegionEpoch candidate, RegionEpoch held) {
        return candidate.getVersion() >= held.getVersion() && candidate.getConfVer() >= held.getConfVer()
                && (candidate.getVersion() > held.getVersion() || candidate.getConfVer() > held.getConfVer());
    }

    public Region byId(long id) {
        return byId.get(id);
    }

    /** The region whose range holds {@code key}, or null. */
    public Region byKey(ByteString key) {
        Map.Entry<ByteString, Region> e = byStart.floorEntry(key);
        if (e == null) {
            return null;
        }
        Region r = e.getValue();
        return contains(r, key) ? r : null;
    }

    /** Regions overlapping [start, end) in key order (empty end: to the end), at most {@code limit} (0: all). */
    public List<Region> scan(ByteString start, ByteString end, int limit) {
        List<Region> out = new ArrayList<>();
        Map.Entry<ByteString, Region> first = byStart.floorEntry(start);
        ByteString from = first != null && contains(first.getValue(), start) ? first.getKey() : start;
        for (Region r : byStart.tailMap(from, true).values()) {
            if (!end.isEmpty() && KEY_ORDER.compare(r.getStartKey(), end) >= 0) {
                break;
            }
            out.add(r);
            if (limit > 0 && out.size() >= limit) {
                break;
            }
        }
        return out;
    }

    public Collection<Region> all() {
        return byStart.values();
    }

    public int size() {
        return byId.size();
    }

    static boolean contains(Region r, ByteString key) {
        return KEY_ORDER.compare(r.getStartKey(), key) <= 0
                && (r.getEndKey().isEmpty() || KEY_ORDER.compare(key, r.getEndKey()) < 0);
    }

    private List<Region> overlapping(Region region) {
        List<Region> out = new ArrayList<>();
        for (Region r : scan(region.getStartKey(), region.getEndKey(), 0)) {
            if (r.getEndKey().isEmpty() || KEY_ORDER.compare(r.getEndKey(), region.getStartKey()) > 0) {
                out.add(r);
            }
        }
        return out;
    }

    private void remove(Region r) {
        byId.remove(r.getId());
        byStart.remove(r.getStartKey(), r);
    }
}
