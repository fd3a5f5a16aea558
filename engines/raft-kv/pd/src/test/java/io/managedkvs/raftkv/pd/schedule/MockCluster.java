package io.managedkvs.raftkv.pd.schedule;

import io.managedkvs.raftkv.pd.schedule.ClusterSnapshot.RegionView;
import io.managedkvs.raftkv.pd.schedule.ClusterSnapshot.StoreView;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.PeerRole;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.meta.RegionEpoch;
import io.managedkvs.raftkv.proto.meta.StoreState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A cluster snapshot in a few lines: stores, then regions as "leader store first, then the other stores". */
final class MockCluster {

    private final List<StoreView> stores = new ArrayList<>();
    private final List<RegionView> regions = new ArrayList<>();
    private final Set<Long> busy = new HashSet<>();
    private final Map<Long, Set<Long>> pending = new HashMap<>();
    private int rf = 3;

    MockCluster store(long id, String zone) {
        stores.add(new StoreView(id, StoreState.UP, Map.of("zone", zone), false, false));
        return this;
    }

    MockCluster downStore(long id, String zone) {
        stores.add(new StoreView(id, StoreState.UP, Map.of("zone", zone), true, false));
        return this;
    }

    /** Silent for a few heartbeats, not yet down. */
    MockCluster disconnectedStore(long id, String zone) {
        stores.add(new StoreView(id, StoreState.UP, Map.of("zone", zone), false, false, true));
        return this;
    }

    MockCluster offlineStore(long id, String zone) {
        stores.add(new StoreView(id, StoreState.OFFLINE, Map.of("zone", zone), false, false));
        return this;
    }

    MockCluster evictedStore(long id, String zone) {
        stores.add(new StoreView(id, StoreState.UP, Map.of("zone", zone), false, true));
        return this;
    }

    /** A region whose leader is on {@code storeIds[0]}. */
    MockCluster region(long id, long... storeIds) {
        Region.Builder r = Region.newBuilder().setId(id).setEpoch(RegionEpoch.newBuilder().setConfVer(1).setVersion(1));
        for (long s : storeIds) {
            r.addPeers(Peer.newBuilder().setId(id * 100 + s).setStoreId(s).setRole(PeerRole.VOTER));
        }
        regions.add(new RegionView(r.build(), r.getPeers(0)));
        return this;
    }

    /** The region's replica on {@code storeId} is reported as catching up. */
    MockCluster pending(long regionId, long storeId) {
        pending.computeIfAbsent(regionId, id -> new HashSet<>()).add(regionId * 100 + storeId);
        return this;
    }

    MockCluster busy(long regionId) {
        busy.add(regionId);
        return this;
    }

    MockCluster replicationFactor(int n) {
        rf = n;
        return this;
    }

    ClusterSnapshot build() {
        List<RegionView> views = regions.stream()
                .map(r -> new RegionView(r.region(), r.leader(), pending.getOrDefault(r.id(), Set.of()))).toList();
        return new ClusterSnapshot(stores, views, rf, busy);
    }
}
