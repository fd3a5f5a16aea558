package io.managedkvs.raftkv.pd.state;

import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.meta.Store;
import io.managedkvs.raftkv.proto.meta.StoreState;
import io.managedkvs.raftkv.proto.pdpeer.PdCommand;
import io.managedkvs.raftkv.proto.pdpeer.PdSnapshot;
import io.managedkvs.raftkv.proto.pdpeer.StoreRecord;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * PD's replicated state: what every member holds once it applied the same log. Pure: no clock, no
 * I/O; {@link #apply} is deterministic, so every member ends in the same state.
 */
public final class ClusterState {

    private long clusterId;
    private long idLimit = 1;
    private long timestampLimitMs;
    private Region firstRegion;
    private final Map<Long, StoreRecord> stores = new TreeMap<>();
    private final RegionMap regions = new RegionMap();

    public void apply(PdCommand command) {
        switch (command.getCommandCase()) {
            case INIT_CLUSTER -> {
                if (clusterId == 0) {
                    clusterId = command.getInitCluster().getClusterId();
                }
            }
            case PUT_STORE -> putStore(command.getPutStore().getStore());
            case SET_STORE_STATE -> {
                StoreRecord r = stores.get(command.getSetStoreState().getStoreId());
                if (r != null && r.getStore().getState() != StoreState.TOMBSTONE) {
                    Store s = r.getStore().toBuilder().setState(command.getSetStoreState().getState()).build();
                    stores.put(s.getId(), r.toBuilder().setStore(s).build());
                }
            }
            case SET_LEADER_EVICTION -> {
                StoreRecord r = stores.get(command.getSetLeaderEviction().getStoreId());
                if (r != null) {
                    stores.put(r.getStore().getId(), r.toBuilder().setLeaderEvicted(command.getSetLeaderEviction().getEvict()).build());
                }
            }
            case BOOTSTRAP -> {
                if (firstRegion == null) {
                    firstRegion = command.getBootstrap().getFirstRegion();
                    regions.put(firstRegion);
                }
            }
            case PUT_REGIONS -> command.getPutRegions().getRegionsList().forEach(regions::put);
            case RAISE_LIMITS -> {
                idLimit = Math.max(idLimit, command.getRaiseLimits().getIdLimit());
                timestampLimitMs = Math.max(timestampLimitMs, command.getRaiseLimits().getTimestampLimitMs());
            }
            case COMMAND_NOT_SET -> { }
        }
    }

    /** A store keeps the state PD gave it (a store cannot bring itself back from OFFLINE). */
    private void putStore(Store store) {
        StoreRecord old = stores.get(store.getId());
        if (old == null) {
            stores.put(store.getId(), StoreRecord.newBuilder().setStore(store.toBuilder().setState(StoreState.UP)).build());
        } else if (old.getStore().getState() != StoreState.TOMBSTONE) {
            stores.put(store.getId(), old.toBuilder().setStore(store.toBuilder().setState(old.getStore().getState())).build());
        }
    }

    public long clusterId() {
        return clusterId;
    }

    public long idLimit() {
        return idLimit;
    }

    public long timestampLimitMs() {
        return timestampLimitMs;
    }

    public boolean bootstrapped() {
        return firstRegion != null;
    }

    public Region firstRegion() {
        return firstRegion;
    }

    public StoreRecord store(long id) {
        return stores.get(id);
    }

    public Collection<StoreRecord> stores() {
        return stores.values();
    }

    public RegionMap regions() {
        return regions;
    }

    public PdSnapshot snapshot() {
        PdSnapshot.Builder b = PdSnapshot.newBuilder()
                .setClusterId(clusterId)
                .setBootstrapped(firstRegion != null)
                .setIdLimit(idLimit)
                .setTimestampLimitMs(timestampLimitMs)
                .addAllStores(stores.values())
                .addAllRegions(regions.all());
        if (firstRegion != null) {
            b.setFirstRegion(firstRegion);
        }
        return b.build();
    }

    public static ClusterState restore(PdSnapshot snap) {
        ClusterState s = new ClusterState();
        s.clusterId = snap.getClusterId();
        s.idLimit = Math.max(1, snap.getIdLimit());
        s.timestampLimitMs = snap.getTimestampLimitMs();
        s.firstRegion = snap.hasFirstRegion() ? snap.getFirstRegion() : null;
        snap.getStoresList().forEach(r -> s.stores.put(r.getStore().getId(), r));
        snap.getRegionsList().forEach(s.regions::put);
        return s;
    }
}
