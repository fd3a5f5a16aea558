package io.managedkvs.raftkv.pd.service;

import io.managedkvs.raftkv.pd.state.ClusterState;
import io.managedkvs.raftkv.pd.state.LiveStats;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.PeerRole;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.meta.RegionEpoch;
import io.managedkvs.raftkv.proto.meta.Store;
import io.managedkvs.raftkv.proto.meta.StoreState;
import io.managedkvs.raftkv.proto.pd.BootstrapRequest;
import io.managedkvs.raftkv.proto.pd.BootstrapResponse;
import io.managedkvs.raftkv.proto.pd.GetAllStoresRequest;
import io.managedkvs.raftkv.proto.pd.GetAllStoresResponse;
import io.managedkvs.raftkv.proto.pd.GetStoreRequest;
import io.managedkvs.raftkv.proto.pd.GetStoreResponse;
import io.managedkvs.raftkv.proto.pd.PdErrorType;
import io.managedkvs.raftkv.proto.pd.PutStoreRequest;
import io.managedkvs.raftkv.proto.pd.PutStoreResponse;
import io.managedkvs.raftkv.proto.pd.StoreHeartbeatRequest;
import io.managedkvs.raftkv.proto.pd.StoreHeartbeatResponse;
import io.managedkvs.raftkv.proto.pd.StoreStats;
import io.managedkvs.raftkv.proto.pd.StoreStatus;
import io.managedkvs.raftkv.proto.pdpeer.BootstrapCluster;
import io.managedkvs.raftkv.proto.pdpeer.PdCommand;
import io.managedkvs.raftkv.proto.pdpeer.PutStoreCommand;
import io.managedkvs.raftkv.proto.pdpeer.SetStoreState;
import io.managedkvs.raftkv.proto.pdpeer.StoreRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/** Registration, liveness and bootstrap of stores. Runs on the loop thread. */
final class StoreRequests {

    private static final Logger LOG = Logger.getLogger(StoreRequests.class.getName());
    /** Silence after which a store gets nothing new: three of the heartbeats a store sends every second. */
    static final long DISCONNECTED_MS = 3_000;

    private final PlacementDriver pd;

    StoreRequests(PlacementDriver pd) {
        this.pd = pd;
    }

    CompletableFuture<PutStoreResponse> putStore(PutStoreRequest req) {
        Store store = req.getStore();
        if (store.getId() == 0) {
            throw new PdException(PdErrorType.INVALID_ARGUMENT, "store.id: must be set (allocate one with AllocId on the first start)");
        }
        if (store.getAddress().isBlank()) {
            throw new PdException(PdErrorType.INVALID_ARGUMENT, "store.address: must be set (host:port)");
        }
        StoreRecord old = pd.state().store(store.getId());
        if (old != null && old.getStore().getState() == StoreState.TOMBSTONE) {
            throw new PdException(PdErrorType.REFUSED, "store " + store.getId() + " was removed (TOMBSTONE); its id is never reused: start it with an empty data directory");
        }
        List<Long> replaced = addressTakenFrom(store);
        pd.live().storeSeen(store.getId(), pd.now());
        if (old != null && replaced.isEmpty() && sameRegistration(old.getStore(), store)) {
            return CompletableFuture.completedFuture(PutStoreResponse.newBuilder().setHeader(pd.okHeader()).build());
        }
        CompletableFuture<Void> retired = CompletableFuture.completedFuture(null);
        for (long id : replaced) {
            LOG.info(() -> "store " + store.getId() + " takes over address " + store.getAddress() + " from down store " + id
                    + ", which is marked for removal; its replicas are rebuilt elsewhere");
            retired = retired.thenCompose(v -> pd.propose(PdCommand.newBuilder().setSetStoreState(SetStoreState.newBuilder()
                    .setStoreId(id).setState(StoreState.OFFLINE)).build()));
        }
        return retired.thenCompose(v -> pd.propose(PdCommand.newBuilder().setPutStore(PutStoreCommand.newBuilder().setStore(store)).build()))
                .thenApply(v -> PutStoreResponse.newBuilder().setHeader(pd.okHeader()).build());
    }

    /**
     * The stores whose address {@code store} may take over, those of them not yet marked for removal:
     * a replaced pod comes back at its old address with an empty volume and a new store id. Only a
     * store PD has not heard from for the down-store timeout gives its address up; a live one never does.
     */
    private List<Long> addressTakenFrom(Store store) {
        List<Long> retire = new ArrayList<>();
        for (StoreRecord r : pd.state().stores()) {
            Store held = r.getStore();
            if (held.getId() == store.getId() || held.getState() == StoreState.TOMBSTONE || !held.getAddress().equals(store.getAddress())) {
                continue;
            }
            if (!isDown(pd, held.getId())) {
                throw new PdException(PdErrorType.REFUSED, "store.address: " + store.getAddress() + " is store " + held.getId()
                        + "'s, which is alive; an address is taken over only from a store down for longer than the down-store timeout ("
                        + pd.config().downStoreTimeout() + ")");
            }
            if (held.getState() == StoreState.UP) {
                retire.add(held.getId());
            }
        }
        return retire;
    }

    private static boolean sameRegistration(Store held, Store offered) {
        return held.equals(offered.toBuilder().setState(held.getState()).build());
    }

    GetStoreResponse getStore(GetStoreRequest req) {
        StoreRecord r = requireStore(pd.state(), req.getStoreId());
        LiveStats.StoreLive l = pd.live().store(req.getStoreId());
        return GetStoreResponse.newBuilder().setHeader(pd.okHeader()).setStore(r.getStore())
                .setStats(l == null ? StoreStats.newBuilder().setStoreId(req.getStoreId()).build() : l.stats()).build();
    }

    static StoreRecord requireStore(ClusterState state, long storeId) {
        StoreRecord r = state.store(storeId);
        if (r == null) {
            throw new PdException(PdErrorType.STORE_NOT_FOUND, "store_id: no store " + storeId);
        }
        return r;
    }

    GetAllStoresResponse getAllStores(GetAllStoresRequest req) {
        GetAllStoresResponse.Builder b = GetAllStoresResponse.newBuilder().setHeader(pd.okHeader());
        for (StoreRecord r : pd.state().stores()) {
            if (!req.getExcludeTombstones() || r.getStore().getState() != StoreState.TOMBSTONE) {
                b.addStores(status(pd, r));
            }
        }
        return b.build();
    }

    static StoreStatus status(PlacementDriver pd, StoreRecord r) {
        long id = r.getStore().getId();
        LiveStats.StoreLive l = pd.live().store(id);
        return StoreStatus.newBuilder()
                .setStore(r.getStore())
                .setStats(l == null ? StoreStats.newBuilder().setStoreId(id).build() : l.stats())
                .setDown(isDown(pd, id))
                .setLastHeartbeatMs(l == null ? 0 : l.lastHeartbeatMs())
                .setLeaderEvicted(r.getLeaderEvicted())
                .build();
    }

    static boolean isDown(PlacementDriver pd, long storeId) {
        return pd.live().isDown(storeId, pd.now(), pd.config().downStoreTimeout().toMillis());
    }

    /**
     * Whether {@code storeId} missed a few of its once-a-second heartbeats: no new replica or
     * leadership goes to it (a leader transfer to a dead store stalls the region's writes until it
     * is abandoned), though its replicas are replaced only once it is down.
     */
    static boolean isDisconnected(PlacementDriver pd, long storeId) {
        long after = Math.min(DISCONNECTED_MS, pd.config().downStoreTimeout().toMillis());
        return pd.live().isDown(storeId, pd.now(), after);
    }

    StoreHeartbeatResponse storeHeartbeat(StoreHeartbeatRequest req) {
        long id = req.getStats().getStoreId();
        StoreRecord r = requireStore(pd.state(), id);
        if (r.getStore().getState() == StoreState.TOMBSTONE) {
            throw new PdException(PdErrorType.REFUSED, "store " + id + " was removed (TOMBSTONE)");
        }
        pd.live().storeHeartbeat(req.getStats(), pd.now());
        return StoreHeartbeatResponse.newBuilder().setHeader(pd.okHeader()).build();
    }

    CompletableFuture<BootstrapResponse> bootstrap(BootstrapRequest req) {
        if (pd.state().bootstrapped()) {
            return CompletableFuture.completedFuture(bootstrapped());
        }
        requireStore(pd.state(), req.getStoreId());
        pd.live().storeSeen(req.getStoreId(), pd.now());
        int rf = pd.config().replicationFactor();
        List<StoreRecord> up = pd.state().stores().stream()
                .filter(r -> r.getStore().getState() == StoreState.UP && !isDown(pd, r.getStore().getId()))
                .limit(rf).toList();
        if (up.size() < rf) {
            return CompletableFuture.completedFuture(BootstrapResponse.newBuilder().setHeader(pd.okHeader()).setReady(false)
                    .setMessage(up.size() + " of " + rf + " stores are up; the first region needs " + rf + " (the replication factor)").build());
        }
        return pd.allocIds(1 + rf).thenCompose(first -> {
            if (pd.state().bootstrapped()) {
                return CompletableFuture.completedFuture(null);
            }
            Region.Builder region = Region.newBuilder().setId(first)
                    .setEpoch(RegionEpoch.newBuilder().setConfVer(1).setVersion(1));
            for (int i = 0; i < rf; i++) {
                region.addPeers(Peer.newBuilder().setId(first + 1 + i).setStoreId(up.get(i).getStore().getId()).setRole(PeerRole.VOTER));
            }
            return pd.propose(PdCommand.newBuilder().setBootstrap(BootstrapCluster.newBuilder().setFirstRegion(region)).build());
        }).thenApply(v -> bootstrapped());
    }

    private BootstrapResponse bootstrapped() {
        return BootstrapResponse.newBuilder().setHeader(pd.okHeader()).setReady(true).setFirstRegion(pd.state().firstRegion()).build();
    }
}
