package io.managedkvs.raftkv.pd.service;

import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.PeerRole;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.meta.StoreState;
import io.managedkvs.raftkv.proto.pd.GetClusterStatusResponse;
import io.managedkvs.raftkv.proto.pd.GetMembersResponse;
import io.managedkvs.raftkv.proto.pd.Member;
import io.managedkvs.raftkv.proto.pd.PdErrorType;
import io.managedkvs.raftkv.proto.pd.RegionHeartbeat;
import io.managedkvs.raftkv.proto.pd.RemoveStoreRequest;
import io.managedkvs.raftkv.proto.pd.RemoveStoreResponse;
import io.managedkvs.raftkv.proto.pd.SetStoreLeaderEvictionRequest;
import io.managedkvs.raftkv.proto.pd.SetStoreLeaderEvictionResponse;
import io.managedkvs.raftkv.proto.pd.ResponseHeader;
import io.managedkvs.raftkv.proto.pdpeer.PdCommand;
import io.managedkvs.raftkv.proto.pdpeer.SetLeaderEviction;
import io.managedkvs.raftkv.proto.pdpeer.SetStoreState;
import io.managedkvs.raftkv.proto.pdpeer.StoreRecord;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/** What kvsctl and the operator ask: cluster status, members, removing a store, evicting leaders. */
final class AdminRequests {

    private final PlacementDriver pd;
    private final IntSupplier runningOperators;

    AdminRequests(PlacementDriver pd, IntSupplier runningOperators) {
        this.pd = pd;
        this.runningOperators = runningOperators;
    }

    /** Served by every member, leader or not. */
    GetMembersResponse getMembers() {
        GetMembersResponse.Builder b = GetMembersResponse.newBuilder()
                .setHeader(ResponseHeader.newBuilder().setClusterId(pd.state().clusterId()));
        for (Map.Entry<Long, String> m : pd.config().members().entrySet()) {
            b.addMembers(member(m.getKey()));
        }
        long leader = pd.replica().leaderId();
        if (leader != 0) {
            b.setLeader(member(leader));
        }
        return b.build();
    }

    Member member(long id) {
        return Member.newBuilder().setId(id).setAddress(pd.config().members().getOrDefault(id, ""))
                .setStatusAddress(pd.memberStatusAddress(id)).build();
    }

    GetClusterStatusResponse clusterStatus() {
        int rf = pd.config().replicationFactor();
        GetClusterStatusResponse.Builder b = GetClusterStatusResponse.newBuilder().setHeader(pd.okHeader())
                .setBootstrapped(pd.state().bootstrapped())
                .setReplicationFactor(rf)
                .setRegionCount(pd.state().regions().size())
                .setRunningOperators(runningOperators.getAsInt())
                .addAllMembers(getMembers().getMembersList())
                .setLeader(member(pd.config().id()));
        for (StoreRecord r : pd.state().stores()) {
            b.addStores(StoreRequests.status(pd, r));
        }
        long under = 0;
        long leaderless = 0;
        for (Region r : pd.state().regions().all()) {
            long healthyVoters = r.getPeersList().stream()
                    .filter(p -> p.getRole() == PeerRole.VOTER && !StoreRequests.isDown(pd, p.getStoreId())).count();
            long voters = r.getPeersList().stream().filter(p -> p.getRole() == PeerRole.VOTER).count();
            if (voters < rf || healthyVoters < voters) {
                under++;
            }
            RegionHeartbeat hb = pd.live().region(r.getId());
            if (hb == null || !hb.hasLeader()) {
                leaderless++;
            }
        }
        return b.setUnderReplicatedRegions(under).setLeaderlessRegions(leaderless).build();
    }

    CompletableFuture<RemoveStoreResponse> removeStore(RemoveStoreRequest req) {
        StoreRecord r = StoreRequests.requireStore(pd.state(), req.getStoreId());
        StoreState state = r.getStore().getState();
        if (state != StoreState.UP) {
            return CompletableFuture.completedFuture(RemoveStoreResponse.newBuilder().setHeader(pd.okHeader()).setState(state).build());
        }
        long othersUp = pd.state().stores().stream()
                .filter(s -> s.getStore().getId() != req.getStoreId() && s.getStore().getState() == StoreState.UP
                        && !StoreRequests.isDown(pd, s.getStore().getId()))
                .count();
        int rf = pd.config().replicationFactor();
        // Removing a down store takes nothing healthy away: it is marked at once, and its replicas move
        // as soon as a store can take them (a fresh store at its address, see StoreRequests).
        if (othersUp < rf && !StoreRequests.isDown(pd, req.getStoreId())) {
            throw new PdException(PdErrorType.REFUSED, "store_id: removing store " + req.getStoreId() + " would leave "
                    + othersUp + " up stores, fewer than the replication factor " + rf + "; add a store first");
        }
        return pd.propose(PdCommand.newBuilder().setSetStoreState(SetStoreState.newBuilder()
                        .setStoreId(req.getStoreId()).setState(StoreState.OFFLINE)).build())
                .thenApply(v -> RemoveStoreResponse.newBuilder().setHeader(pd.okHeader())
                        .setState(pd.state().store(req.getStoreId()).getStore().getState()).build());
    }

    CompletableFuture<SetStoreLeaderEvictionResponse> setLeaderEviction(SetStoreLeaderEvictionRequest req) {
        StoreRecord r = StoreRequests.requireStore(pd.state(), req.getStoreId());
        CompletableFuture<Void> done = r.getLeaderEvicted() == req.getEvict() ? CompletableFuture.completedFuture(null)
                : pd.propose(PdCommand.newBuilder().setSetLeaderEviction(SetLeaderEviction.newBuilder()
                        .setStoreId(req.getStoreId()).setEvict(req.getEvict())).build());
        return done.thenApply(v -> SetStoreLeaderEvictionResponse.newBuilder().setHeader(pd.okHeader())
                .setLeaderCount(leadersOn(req.getStoreId())).build());
    }

    long leadersOn(long storeId) {
        long n = 0;
        for (RegionHeartbeat hb : pd.live().regions().values()) {
            Peer leader = hb.getLeader();
            if (leader.getStoreId() == storeId) {
                n++;
            }
        }
        return n;
    }
}
