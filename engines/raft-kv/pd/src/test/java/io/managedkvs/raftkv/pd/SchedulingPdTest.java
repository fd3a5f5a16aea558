package io.managedkvs.raftkv.pd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.meta.Store;
import io.managedkvs.raftkv.proto.meta.StoreState;
import io.managedkvs.raftkv.proto.pd.*;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PD member with a short down-store timeout, driven through its API as stores would: heartbeats
 * in, commands out. The stores are played by the test (the store process's own execution of the
 * commands is covered where the store lives).
 */
class SchedulingPdTest {

    @TempDir
    Path dir;
    private PdServer pd;
    private ManagedChannel channel;
    private PdGrpc.PdBlockingStub stub;
    private final long[] stores = new long[4];
    private Region first;

    @BeforeEach
    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        pd = new PdServer(InProcessServerBuilder.forName(name).directExecutor(),
                PdConfig.single(dir, name, 3).withDownStoreTimeout(Duration.ofSeconds(1))).start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        stub = PdGrpc.newBlockingStub(channel);
        for (int i = 0; i < 4; i++) {
            stores[i] = stub.allocId(AllocIdRequest.getDefaultInstance()).getFirstId();
            stub.putStore(PutStoreRequest.newBuilder().setStore(Store.newBuilder().setId(stores[i])
                    .setAddress("s" + i + ":1").putLabels("zone", "z" + i)).build());
        }
        first = stub.bootstrap(BootstrapRequest.newBuilder().setStoreId(stores[0]).build()).getFirstRegion();
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow();
        pd.stop();
    }

    /** Every store in {@code alive} heartbeats; the region's leader (on the first store) reports it. */
    private List<RegionCommand> heartbeat(Peer leader, long... alive) {
        for (long s : alive) {
            stub.storeHeartbeat(StoreHeartbeatRequest.newBuilder().setStats(StoreStats.newBuilder().setStoreId(s)).build());
        }
        return stub.regionHeartbeat(RegionHeartbeatRequest.newBuilder().setStoreId(leader.getStoreId())
                .addRegions(RegionHeartbeat.newBuilder().setRegion(first).setLeader(leader)).build()).getCommandsList();
    }

    private Peer peerOn(long store) {
        return first.getPeersList().stream().filter(p -> p.getStoreId() == store).findFirst().orElseThrow();
    }

    @Test
    void aSilentStoreIsDeclaredDownAndItsReplicaRebuiltOnTheSpareStore() {
        assertThat(first.getPeersList()).extracting(Peer::getStoreId).containsExactly(stores[0], stores[1], stores[2]);
        Peer leader = peerOn(stores[0]);
        RegionCommand[] got = new RegionCommand[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<RegionCommand> cmds = heartbeat(leader, stores[0], stores[1], stores[3]);
            got[0] = cmds.isEmpty() ? null : cmds.get(0);
            return got[0] != null;
        });
        assertThat(got[0].getChangePeer().getType()).isEqualTo(ChangePeerType.ADD_LEARNER);
        assertThat(got[0].getChangePeer().getPeer().getStoreId()).isEqualTo(stores[3]);
        assertThat(got[0].getRegionEpoch()).isEqualTo(first.getEpoch());
        GetClusterStatusResponse status = stub.getClusterStatus(GetClusterStatusRequest.getDefaultInstance());
        assertThat(status.getUnderReplicatedRegions()).isEqualTo(1);
        assertThat(status.getRunningOperators()).isEqualTo(1);
        assertThat(status.getStoresList()).filteredOn(StoreStatus::getDown).extracting(s -> s.getStore().getId()).containsExactly(stores[2]);
    }

    @Test
    void evictingLeadersFromAStoreSendsATransferLeader() {
        Peer leader = peerOn(stores[0]);
        stub.setStoreLeaderEviction(SetStoreLeaderEvictionRequest.newBuilder().setStoreId(stores[0]).setEvict(true).build());
        RegionCommand[] got = new RegionCommand[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<RegionCommand> cmds = heartbeat(leader, stores);
            got[0] = cmds.isEmpty() ? null : cmds.get(0);
            return got[0] != null;
        });
        assertThat(got[0].hasTransferLeader()).isTrue();
        assertThat(got[0].getTransferLeader().getPeer().getStoreId()).isIn(stores[1], stores[2]);
    }

    @Test
    void aFreshStoreTakesOverTheAddressOfADownStoreAndGetsItsReplicaButNeverALiveStoresAddress() {
        Peer leader = peerOn(stores[0]);
        long fresh = stub.allocId(AllocIdRequest.getDefaultInstance()).getFirstId();
        PutStoreRequest atStore2 = PutStoreRequest.newBuilder().setStore(Store.newBuilder().setId(fresh).setAddress("s2:1")
                .putLabels("zone", "z2")).build();
        heartbeat(leader, stores[0], stores[1], stores[2]);
        PutStoreResponse whileAlive = stub.putStore(atStore2);
        assertThat(whileAlive.getHeader().getError().getType()).isEqualTo(PdErrorType.REFUSED);
        assertThat(whileAlive.getHeader().getError().getMessage()).contains("store.address", "store " + stores[2], "alive");
        assertThat(stub.getStore(GetStoreRequest.newBuilder().setStoreId(fresh).build()).getHeader().getError().getType())
                .as("a refused registration changes nothing").isEqualTo(PdErrorType.STORE_NOT_FOUND);

        // Store 2 (and the spare store 3) fall silent; the pod of store 2 comes back empty at its address.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            heartbeat(leader, stores[0], stores[1]);
            return !stub.putStore(atStore2).getHeader().hasError();
        });
        assertThat(stub.getStore(GetStoreRequest.newBuilder().setStoreId(stores[2]).build()).getStore().getState()).isEqualTo(StoreState.OFFLINE);
        assertThat(stub.getStore(GetStoreRequest.newBuilder().setStoreId(fresh).build()).getStore().getState()).isEqualTo(StoreState.UP);
        PutStoreResponse atLiveStore = stub.putStore(PutStoreRequest.newBuilder().setStore(Store.newBuilder()
                .setId(stub.allocId(AllocIdRequest.getDefaultInstance()).getFirstId()).setAddress("s0:1")).build());
        assertThat(atLiveStore.getHeader().getError().getType()).isEqualTo(PdErrorType.REFUSED);
        assertThat(stub.getStore(GetStoreRequest.newBuilder().setStoreId(stores[0]).build()).getStore().getState()).isEqualTo(StoreState.UP);

        RegionCommand[] got = new RegionCommand[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<RegionCommand> cmds = heartbeat(leader, stores[0], stores[1], fresh);
            got[0] = cmds.isEmpty() ? null : cmds.get(0);
            return got[0] != null;
        });
        assertThat(got[0].getChangePeer().getType()).isEqualTo(ChangePeerType.ADD_LEARNER);
        assertThat(got[0].getChangePeer().getPeer().getStoreId()).as("the replica of the down store goes to the fresh one").isEqualTo(fresh);
    }

    @Test
    void aDownStoreMayBeRemovedEvenWhenTooFewStoresAreLeftToTakeItsReplicas() {
        Peer leader = peerOn(stores[0]);
        RemoveStoreResponse live = stub.removeStore(RemoveStoreRequest.newBuilder().setStoreId(stores[2]).build());
        assertThat(live.getState()).as("four stores, three copies: removing one is allowed").isEqualTo(StoreState.OFFLINE);
        RemoveStoreResponse refused = stub.removeStore(RemoveStoreRequest.newBuilder().setStoreId(stores[1]).build());
        assertThat(refused.getHeader().getError().getMessage()).contains("store_id", "replication factor");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            heartbeat(leader, stores[0], stores[3]);
            return stub.removeStore(RemoveStoreRequest.newBuilder().setStoreId(stores[1]).build()).getState() == StoreState.OFFLINE;
        });
    }
}
