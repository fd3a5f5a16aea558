package io.managedkvs.raftkv.pd.schedule;

import io.managedkvs.raftkv.pd.schedule.ClusterSnapshot.RegionView;
import io.managedkvs.raftkv.pd.schedule.ClusterSnapshot.StoreView;
import io.managedkvs.raftkv.proto.meta.Peer;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Where a new replica of a region should go: shared by repair, drain and balance. */
final class Placement {

    /** The label replicas of one region should differ in. */
    static final String ZONE = "zone";

    private Placement() {
    }

    /** A store's zone; a store without the label is a zone of its own. */
    static String zone(StoreView s) {
        return s.labels().getOrDefault(ZONE, "store-" + s.id());
    }

    /**
     * The best usable store for a new replica of {@code region}, next to the replicas on
     * {@code staying}: one holding no replica of it, in a zone none of them is in if possible, then
     * with the fewest replicas ({@code counts}, which the caller updates as it plans).
     */
    static Optional<StoreView> target(ClusterSnapshot cluster, RegionView region, Collection<Long> staying, Map<Long, Integer> counts) {
        Map<Long, StoreView> stores = cluster.storesById();
        Set<String> zonesTaken = new HashSet<>();
        for (long id : staying) {
            StoreView s = stores.get(id);
            if (s != null) {
                zonesTaken.add(zone(s));
            }
        }
        return cluster.stores().stream()
                .filter(StoreView::usable)
                .filter(s -> region.peerOn(s.id()) == null)
                .min(Comparator.<StoreView>comparingInt(s -> zonesTaken.contains(zone(s)) ? 1 : 0)
                        .thenComparingInt(s -> counts.getOrDefault(s.id(), 0))
                        .thenComparingLong(StoreView::id));
    }

    /** Stores of the region's replicas other than {@code leaving}. */
    static Set<Long> staying(RegionView region, long leaving) {
        Set<Long> out = new HashSet<>();
        for (Peer p : region.region().getPeersList()) {
            if (p.getStoreId() != leaving) {
                out.add(p.getStoreId());
            }
        }
        return out;
    }
}
