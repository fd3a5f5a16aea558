package io.managedkvs.raftkv.pd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.managedkvs.raftkv.proto.meta.Store;
import io.managedkvs.raftkv.proto.pd.*;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three PD processes: SIGKILL the leader, a new one answers with everything the old one acknowledged. */
class PdLeaderFailoverIT {

    @TempDir
    Path dir;
    private final Map<Long, PdProcess> processes = new HashMap<>();
    private final Map<Long, String> addresses = new HashMap<>();
    private final List<ManagedChannel> channels = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        channels.forEach(ManagedChannel::shutdownNow);
        for (Map.Entry<Long, PdProcess> p : processes.entrySet()) {
            p.getValue().close();
            // Into the failsafe report's output file, for a failed run.
            System.out.println("---- PD member " + p.getKey() + "\n" + p.getValue().output());
        }
    }

    private PdGrpc.PdBlockingStub stub(long id) {
        ManagedChannel ch = NettyChannelBuilder.forTarget(addresses.get(id)).usePlaintext().build();
        channels.add(ch);
        return PdGrpc.newBlockingStub(ch).withDeadlineAfter(Duration.ofSeconds(5));
    }

    /** The member that answers AllocId, found through any live member's GetMembers. */
    private long leader() {
        long[] found = new long[1];
        // A busy CI machine may take many seconds to start three JVMs and settle an election.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            for (long id : processes.keySet()) {
                if (!processes.get(id).alive()) {
                    continue;
                }
                GetMembersResponse m = stub(id).getMembers(GetMembersRequest.getDefaultInstance());
                if (m.hasLeader() && processes.get(m.getLeader().getId()).alive()) {
                    AllocIdResponse r = stub(m.getLeader().getId()).allocId(AllocIdRequest.getDefaultInstance());
                    if (!r.getHeader().hasError()) {
                        found[0] = m.getLeader().getId();
                        return true;
                    }
                }
            }
            return false;
        });
        return found[0];
    }

    /** Calls the leader as a client does, following NOT_LEADER answers. */
    private <T> T onLeader(java.util.function.Function<PdGrpc.PdBlockingStub, T> call, java.util.function.Function<T, ResponseHeader> header) {
        java.util.concurrent.atomic.AtomicReference<T> answer = new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> {
            T r = call.apply(stub(leader()));
            answer.set(r);
            return header.apply(r).getError().getType() != PdErrorType.NOT_LEADER;
        });
        assertThat(header.apply(answer.get()).hasError()).as("%s", header.apply(answer.get())).isFalse();
        return answer.get();
    }

    @Test
    void aKilledLeaderIsReplacedAndNothingAcknowledgedIsLost() throws Exception {
        int[] ports = PdProcess.freePorts(6);
        StringBuilder cluster = new StringBuilder();
        for (long id = 1; id <= 3; id++) {
            addresses.put(id, "127.0.0.1:" + ports[(int) id - 1]);
            cluster.append(cluster.isEmpty() ? "" : ",").append(id).append('=').append(addresses.get(id));
        }
        for (long id = 1; id <= 3; id++) {
            processes.put(id, new PdProcess(dir, id, ports[(int) id - 1], ports[(int) id + 2], cluster.toString(),
                    "--replication-factor", "1").start());
        }

        AllocIdResponse ids = onLeader(pd -> pd.allocId(AllocIdRequest.newBuilder().setCount(3).build()), AllocIdResponse::getHeader);
        long clusterId = ids.getHeader().getClusterId();
        for (int i = 0; i < 3; i++) {
            Store store = Store.newBuilder().setId(ids.getFirstId() + i).setAddress("127.0.0.1:" + (30000 + i)).build();
            onLeader(pd -> pd.putStore(PutStoreRequest.newBuilder().setStore(store).build()), PutStoreResponse::getHeader);
        }
        BootstrapResponse boot = onLeader(pd -> pd.bootstrap(BootstrapRequest.newBuilder().setStoreId(ids.getFirstId()).build()),
                BootstrapResponse::getHeader);
        assertThat(boot.getReady()).isTrue();
        Timestamp before = onLeader(pd -> pd.getTimestamp(GetTimestampRequest.newBuilder().setCount(1).build()),
                GetTimestampResponse::getHeader).getTimestamp();

        long first = leader();
        processes.get(first).kill();
        long second = leader();
        assertThat(second).isNotEqualTo(first);

        GetClusterStatusResponse status = onLeader(pd -> pd.getClusterStatus(GetClusterStatusRequest.getDefaultInstance()),
                GetClusterStatusResponse::getHeader);
        assertThat(status.getHeader().getClusterId()).isEqualTo(clusterId);
        assertThat(status.getStoresCount()).isEqualTo(3);
        assertThat(status.getBootstrapped()).isTrue();
        assertThat(onLeader(pd -> pd.getRegionById(GetRegionByIdRequest.newBuilder().setRegionId(boot.getFirstRegion().getId()).build()),
                GetRegionResponse::getHeader).getRegion()).isEqualTo(boot.getFirstRegion());
        AllocIdResponse after = onLeader(pd -> pd.allocId(AllocIdRequest.getDefaultInstance()), AllocIdResponse::getHeader);
        assertThat(after.getFirstId()).isGreaterThan(boot.getFirstRegion().getPeers(0).getId());
        Timestamp ts = onLeader(pd -> pd.getTimestamp(GetTimestampRequest.newBuilder().setCount(1).build()),
                GetTimestampResponse::getHeader).getTimestamp();
        assertThat(ts.getPhysicalMs() > before.getPhysicalMs()
                || (ts.getPhysicalMs() == before.getPhysicalMs() && ts.getLogical() > before.getLogical())).isTrue();

        // The killed member restarts from its disk and follows the new leader.
        processes.get(first).start();
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
            long current = leader();
            assertThat(current).isNotEqualTo(first);
            assertThat(stub(first).allocId(AllocIdRequest.getDefaultInstance()).getHeader().getError().getLeaderAddress())
                    .isEqualTo(addresses.get(current));
        });

        // SIGTERM stops a member cleanly: the JVM reports the signal (128 + 15) after the shutdown ran.
        PdProcess follower = processes.get(first);
        assertThat(follower.terminate()).isEqualTo(143);
        assertThat(follower.output()).contains("PD member " + first + " stopped");
    }
}
