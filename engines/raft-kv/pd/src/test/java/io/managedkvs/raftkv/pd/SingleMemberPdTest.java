package io.managedkvs.raftkv.pd;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.meta.RegionEpoch;
import io.managedkvs.raftkv.proto.meta.Store;
import io.managedkvs.raftkv.proto.meta.StoreState;
import io.managedkvs.raftkv.proto.pd.*;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One PD member in-process: every RPC of the contract, and what survives a restart. */
class SingleMemberPdTest {

    @TempDir
    Path dir;
    private PdServer pd;
    private ManagedChannel channel;
    private PdGrpc.PdBlockingStub stub;
    private String name;

    @BeforeEach
    void start() throws Exception {
        name = InProcessServerBuilder.generateName();
        startPd();
    }

    private void startPd() throws Exception {
        pd = new PdServer(InProcessServerBuilder.forName(name).directExecutor(), PdConfig.single(dir, name, 3)).start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        stub = PdGrpc.newBlockingStub(channel);
    }

    private void restartPd() throws Exception {
        channel.shutdownNow();
        pd.stop();
        startPd();
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow();
        pd.stop();
    }

    private static RequestHeader header() {
        return RequestHeader.getDefaultInstance();
    }

    private long allocId() {
        AllocIdResponse r = stub.allocId(AllocIdRequest.newBuilder().setHeader(header()).setCount(1).build());
        assertThat(r.getHeader().hasError()).as("%s", r.getHeader().getError()).isFalse();
        return r.getFirstId();
    }

    private long register(String address, String zone) {
        long id = allocId();
        PutStoreResponse r = stub.putStore(PutStoreRequest.newBuilder().setHeader(header())
                .setStore(Store.newBuilder().setId(id).setAddress(address).putLabels("zone", zone)).build());
        assertThat(r.getHeader().hasError()).as("%s", r.getHeader().getError()).isFalse();
        return id;
    }

    private BootstrapResponse bootstrap(long storeId) {
        return stub.bootstrap(BootstrapRequest.newBuilder().setHeader(header()).setStoreId(storeId).build());
    }

    @Test
    void namesTheClusterAndAllocatesIdsThatNeverRepeatAcrossRestarts() throws Exception {
        AllocIdResponse first = stub.allocId(AllocIdRequest.newBuilder().setCount(5).build());
        long clusterId = first.getHeader().getClusterId();
        assertThat(clusterId).isNotZero();
        assertThat(first.getCount()).isEqualTo(5);
        long second = allocId();
        assertThat(second).isGreaterThanOrEqualTo(first.getFirstId() + 5);

        restartPd();

        AllocIdResponse after = stub.allocId(AllocIdRequest.newBuilder().setHeader(RequestHeader.newBuilder().setClusterId(clusterId)).build());
        assertThat(after.getHeader().getClusterId()).isEqualTo(clusterId);
        assertThat(after.getFirstId()).isGreaterThan(second);
    }

    @Test
    void timestampsStrictlyIncreaseAcrossRestarts() throws Exception {
        Timestamp last = Timestamp.getDefaultInstance();
        for (int i = 0; i < 200; i++) {
            Timestamp t = stub.getTimestamp(GetTimestampRequest.newBuilder().setCount(1 + i % 3).build()).getTimestamp();
            assertThat(compare(t, last)).isPositive();
            last = t;
        }
        restartPd();
        Timestamp t = stub.getTimestamp(GetTimestampRequest.newBuilder().setCount(1).build()).getTimestamp();
        assertThat(compare(t, last)).isPositive();
    }

    private static int compare(Timestamp a, Timestamp b) {
        int c = Long.compare(a.getPhysicalMs(), b.getPhysicalMs());
        return c != 0 ? c : Long.compare(a.getLogical(), b.getLogical());
    }

    @Test
    void aRequestForAnotherClusterIsRefused() {
        long ours = stub.getMembers(GetMembersRequest.getDefaultInstance()).getHeader().getClusterId();
        AllocIdResponse r = stub.allocId(AllocIdRequest.newBuilder().setHeader(RequestHeader.newBuilder().setClusterId(ours + 1)).build());
        assertThat(r.getHeader().getError().getType()).isEqualTo(PdErrorType.CLUSTER_MISMATCH);
        assertThat(r.getHeader().getError().getMessage()).contains("cluster_id");
    }

    @Test
    void membersNameTheLeader() {
        GetMembersResponse r = stub.getMembers(GetMembersRequest.getDefaultInstance());
        assertThat(r.getMembersList()).extracting(Member::getAddress).containsExactly(name);
        assertThat(r.getLeader().getId()).isEqualTo(1);
    }

    @Test
    void storesRegisterAndBadRegistrationsAreRefusedByField() {
        long id = register("s1:20160", "a");
        GetStoreResponse got = stub.getStore(GetStoreRequest.newBuilder().setStoreId(id).build());
        assertThat(got.getStore().getAddress()).isEqualTo("s1:20160");
        assertThat(got.getStore().getLabelsMap()).containsEntry("zone", "a");
        assertThat(got.getStore().getState()).isEqualTo(StoreState.UP);

        PutStoreResponse noAddress = stub.putStore(PutStoreRequest.newBuilder().setStore(Store.newBuilder().setId(allocId())).build());
        assertThat(noAddress.getHeader().getError().getType()).isEqualTo(PdErrorType.INVALID_ARGUMENT);
        assertThat(noAddress.getHeader().getError().getMessage()).contains("store.address");
        PutStoreResponse sameAddress = stub.putStore(PutStoreRequest.newBuilder()
                .setStore(Store.newBuilder().setId(allocId()).setAddress("s1:20160")).build());
        assertThat(sameAddress.getHeader().getError().getType()).isEqualTo(PdErrorType.REFUSED);
        assertThat(stub.getAllStores(GetAllStoresRequest.getDefaultInstance()).getStoresList()).hasSize(1);

        GetStoreResponse missing = stub.getStore(GetStoreRequest.newBuilder().setStoreId(9999).build());
        assertThat(missing.getHeader().getError().getType()).isEqualTo(PdErrorType.STORE_NOT_FOUND);
    }

    @Test
    void bootstrapWaitsForTheReplicationFactorThenGivesEveryStoreTheSameRegion() throws Exception {
        long s1 = register("s1:1", "a");
        long s2 = register("s2:1", "b");
        BootstrapResponse early = bootstrap(s1);
        assertThat(early.getReady()).isFalse();
        assertThat(early.getMessage()).contains("2 of 3");
        GetRegionResponse none = stub.getRegion(GetRegionRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).build());
        assertThat(none.getHeader().getError().getType()).isEqualTo(PdErrorType.NOT_BOOTSTRAPPED);

        long s3 = register("s3:1", "c");
        BootstrapResponse ready = bootstrap(s3);
        assertThat(ready.getReady()).isTrue();
        Region first = ready.getFirstRegion();
        assertThat(first.getStartKey().isEmpty() && first.getEndKey().isEmpty()).isTrue();
        assertThat(first.getPeersList()).extracting(Peer::getStoreId).containsExactlyInAnyOrder(s1, s2, s3);
        assertThat(bootstrap(s1).getFirstRegion()).isEqualTo(first);

        restartPd();
        assertThat(bootstrap(s2).getFirstRegion()).isEqualTo(first);
        GetRegionResponse routed = stub.getRegion(GetRegionRequest.newBuilder().setKey(ByteString.copyFromUtf8("any")).build());
        assertThat(routed.getRegion()).isEqualTo(first);
    }

    @Test
    void heartbeatsRouteAndSplitsAreLearnt() throws Exception {
        long s1 = register("s1:1", "a");
        long s2 = register("s2:1", "b");
        long s3 = register("s3:1", "c");
        Region first = bootstrap(s1).getFirstRegion();
        Peer leader = first.getPeers(1);
        RegionHeartbeatResponse hb = stub.regionHeartbeat(RegionHeartbeatRequest.newBuilder().setStoreId(leader.getStoreId())
                .addRegions(RegionHeartbeat.newBuilder().setRegion(first).setLeader(leader).setApproximateSizeBytes(1234)).build());
        assertThat(hb.getHeader().hasError()).isFalse();
        assertThat(stub.getRegionById(GetRegionByIdRequest.newBuilder().setRegionId(first.getId()).build()).getLeader()).isEqualTo(leader);

        AskSplitResponse ids = stub.askSplit(AskSplitRequest.newBuilder().setRegion(first).build());
        assertThat(ids.getNewPeerIdsList()).hasSize(3).doesNotContain(ids.getNewRegionId());
        ByteString m = ByteString.copyFromUtf8("m");
        RegionEpoch next = first.getEpoch().toBuilder().setVersion(first.getEpoch().getVersion() + 1).build();
        Region left = first.toBuilder().setEndKey(m).setEpoch(next).build();
        Region.Builder right = Region.newBuilder().setId(ids.getNewRegionId()).setStartKey(m).setEpoch(next);
        for (int i = 0; i < 3; i++) {
            right.addPeers(first.getPeers(i).toBuilder().setId(ids.getNewPeerIds(i)));
        }
        assertThat(stub.reportSplit(ReportSplitRequest.newBuilder().setLeft(left).setRight(right).build()).getHeader().hasError()).isFalse();

        assertThat(stub.getRegion(GetRegionRequest.newBuilder().setKey(ByteString.copyFromUtf8("a")).build()).getRegion()).isEqualTo(left);
        assertThat(stub.getRegion(GetRegionRequest.newBuilder().setKey(ByteString.copyFromUtf8("z")).build()).getRegion().getId())
                .isEqualTo(ids.getNewRegionId());
        // A late heartbeat from before the split changes nothing.
        stub.regionHeartbeat(RegionHeartbeatRequest.newBuilder().setStoreId(leader.getStoreId())
                .addRegions(RegionHeartbeat.newBuilder().setRegion(first).setLeader(leader)).build());
        ScanRegionsResponse scan = stub.scanRegions(ScanRegionsRequest.newBuilder().build());
        assertThat(scan.getRegionsList()).extracting(ri -> ri.getRegion().getId()).containsExactly(first.getId(), ids.getNewRegionId());
        assertThat(stub.scanRegions(ScanRegionsRequest.newBuilder().setStartKey(ByteString.copyFromUtf8("n")).build()).getRegionsList())
                .extracting(ri -> ri.getRegion().getId()).containsExactly(ids.getNewRegionId());
        assertThat(stub.scanRegions(ScanRegionsRequest.newBuilder().setLimit(1).build()).getRegionsCount()).isEqualTo(1);

        restartPd();
        assertThat(stub.scanRegions(ScanRegionsRequest.newBuilder().build()).getRegionsList())
                .extracting(RegionInfo::getRegion).containsExactly(left, right.build());
        GetClusterStatusResponse status = stub.getClusterStatus(GetClusterStatusRequest.getDefaultInstance());
        assertThat(status.getBootstrapped()).isTrue();
        assertThat(status.getRegionCount()).isEqualTo(2);
        assertThat(status.getStoresList()).extracting(st -> st.getStore().getId()).containsExactly(s1, s2, s3);
        assertThat(status.getLeaderlessRegions()).isEqualTo(2);
        assertThat(status.getUnderReplicatedRegions()).isZero();
    }

    @Test
    void removingAStoreIsRefusedWhenTooFewWouldRemainAndAllowedWhenEnoughDo() throws Exception {
        long s1 = register("s1:1", "a");
        register("s2:1", "b");
        register("s3:1", "c");
        RemoveStoreResponse refused = stub.removeStore(RemoveStoreRequest.newBuilder().setStoreId(s1).build());
        assertThat(refused.getHeader().getError().getType()).isEqualTo(PdErrorType.REFUSED);
        assertThat(refused.getHeader().getError().getMessage()).contains("replication factor 3");
        assertThat(stub.getStore(GetStoreRequest.newBuilder().setStoreId(s1).build()).getStore().getState()).isEqualTo(StoreState.UP);

        register("s4:1", "a");
        RemoveStoreResponse ok = stub.removeStore(RemoveStoreRequest.newBuilder().setStoreId(s1).build());
        assertThat(ok.getHeader().hasError()).isFalse();
        assertThat(ok.getState()).isEqualTo(StoreState.OFFLINE);
        restartPd();
        // It holds no replica, so the drain is over at once and the store becomes TOMBSTONE for good.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(stub.getStore(GetStoreRequest.newBuilder().setStoreId(s1).build()).getStore().getState())
                        .isEqualTo(StoreState.TOMBSTONE));
        PutStoreResponse back = stub.putStore(PutStoreRequest.newBuilder()
                .setStore(Store.newBuilder().setId(s1).setAddress("s1:1")).build());
        assertThat(back.getHeader().getError().getType()).isEqualTo(PdErrorType.REFUSED);
    }

    @Test
    void leaderEvictionIsRecordedAndReported() throws Exception {
        long s1 = register("s1:1", "a");
        SetStoreLeaderEvictionResponse r = stub.setStoreLeaderEviction(SetStoreLeaderEvictionRequest.newBuilder().setStoreId(s1).setEvict(true).build());
        assertThat(r.getHeader().hasError()).isFalse();
        restartPd();
        assertThat(stub.getAllStores(GetAllStoresRequest.getDefaultInstance()).getStores(0).getLeaderEvicted()).isTrue();
        stub.setStoreLeaderEviction(SetStoreLeaderEvictionRequest.newBuilder().setStoreId(s1).setEvict(false).build());
        assertThat(stub.getAllStores(GetAllStoresRequest.getDefaultInstance()).getStores(0).getLeaderEvicted()).isFalse();
    }

    @Test
    void storeHeartbeatsAreKeptAsStats() {
        long s1 = register("s1:1", "a");
        StoreHeartbeatResponse r = stub.storeHeartbeat(StoreHeartbeatRequest.newBuilder()
                .setStats(StoreStats.newBuilder().setStoreId(s1).setRegionCount(7).setCapacityBytes(100)).build());
        assertThat(r.getHeader().hasError()).isFalse();
        StoreStatus st = stub.getAllStores(GetAllStoresRequest.getDefaultInstance()).getStores(0);
        assertThat(st.getStats().getRegionCount()).isEqualTo(7);
        assertThat(st.getLastHeartbeatMs()).isPositive();
        assertThat(st.getDown()).isFalse();
        StoreHeartbeatResponse unknown = stub.storeHeartbeat(StoreHeartbeatRequest.newBuilder()
                .setStats(StoreStats.newBuilder().setStoreId(424242)).build());
        assertThat(unknown.getHeader().getError().getType()).isEqualTo(PdErrorType.STORE_NOT_FOUND);
    }
}
