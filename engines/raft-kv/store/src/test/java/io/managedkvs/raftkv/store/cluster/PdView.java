package io.managedkvs.raftkv.store.cluster;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.PeerRole;
import io.managedkvs.raftkv.proto.meta.StoreState;
import io.managedkvs.raftkv.proto.pd.GetAllStoresRequest;
import io.managedkvs.raftkv.proto.pd.GetClusterStatusRequest;
import io.managedkvs.raftkv.proto.pd.GetClusterStatusResponse;
import io.managedkvs.raftkv.proto.pd.PdGrpc;
import io.managedkvs.raftkv.proto.pd.RegionInfo;
import io.managedkvs.raftkv.proto.pd.RemoveStoreRequest;
import io.managedkvs.raftkv.proto.pd.RemoveStoreResponse;
import io.managedkvs.raftkv.proto.pd.ScanRegionsRequest;
import io.managedkvs.raftkv.proto.pd.StoreStatus;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** What PD says about stores and regions, for tests that watch it repair, balance and drain. */
final class PdView implements AutoCloseable {

    private final ManagedChannel channel;
    private final PdGrpc.PdBlockingStub pd;

    PdView(String pdAddress) {
        channel = NettyChannelBuilder.forTarget(pdAddress).usePlaintext().build();
        pd = PdGrpc.newBlockingStub(channel);
    }

    private PdGrpc.PdBlockingStub stub() {
        return pd.withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    List<RegionInfo> regions() {
        return stub().scanRegions(ScanRegionsRequest.getDefaultInstance()).getRegionsList();
    }

    List<StoreStatus> stores() {
        return stub().getAllStores(GetAllStoresRequest.getDefaultInstance()).getStoresList();
    }

    GetClusterStatusResponse status() {
        return stub().getClusterStatus(GetClusterStatusRequest.getDefaultInstance());
    }

    RemoveStoreResponse removeStore(long storeId) {
        return stub().removeStore(RemoveStoreRequest.newBuilder().setStoreId(storeId).build());
    }

    /** The id of the live (not tombstone) store registered at {@code address}. */
    long storeAt(String address) {
        return stores().stream().filter(s -> s.getStore().getAddress().equals(address) && s.getStore().getState() != StoreState.TOMBSTONE)
                .mapToLong(s -> s.getStore().getId()).max().orElseThrow(() -> new IllegalStateException("no store at " + address));
    }

    StoreState state(long storeId) {
        return stores().stream().filter(s -> s.getStore().getId() == storeId).findFirst().orElseThrow().getStore().getState();
    }

    boolean isDown(long storeId) {
        return stores().stream().anyMatch(s -> s.getStore().getId() == storeId && s.getDown());
    }

    /** Stores holding a replica of {@code region}, by role. */
    static Set<Long> storesOf(RegionInfo region, PeerRole role) {
        return region.getRegion().getPeersList().stream().filter(p -> p.getRole() == role).map(Peer::getStoreId).collect(Collectors.toSet());
    }

    /**
     * Whether every region has exactly {@code copies} voters, no learner, a leader, and no replica on
     * any of {@code gone}.
     */
    boolean fullyReplicated(int copies, Set<Long> gone) {
        List<RegionInfo> regions = regions();
        return !regions.isEmpty() && regions.stream().allMatch(r -> {
            Set<Long> voters = storesOf(r, PeerRole.VOTER);
            return voters.size() == copies && storesOf(r, PeerRole.LEARNER).isEmpty() && r.hasLeader()
                    && voters.stream().noneMatch(gone::contains);
        }) && status().getUnderReplicatedRegions() == 0;
    }

    /** Replicas and leaders held by {@code storeId}. */
    long replicasOn(long storeId) {
        return regions().stream().filter(r -> r.getRegion().getPeersList().stream().anyMatch(p -> p.getStoreId() == storeId)).count();
    }

    long leadersOn(long storeId) {
        return regions().stream().filter(r -> r.hasLeader() && r.getLeader().getStoreId() == storeId).count();
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
