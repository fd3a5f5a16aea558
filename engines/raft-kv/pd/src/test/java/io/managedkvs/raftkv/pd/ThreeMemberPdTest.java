package io.managedkvs.raftkv.pd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.managedkvs.raftkv.proto.meta.Store;
import io.managedkvs.raftkv.proto.pd.*;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three PD members replicating through our Raft core, in-process: one leads, the others redirect, a new leader takes over. */
class ThreeMemberPdTest {

    @TempDir
    Path dir;
    private final SortedMap<Long, String> members = new TreeMap<>();
    private final Map<Long, PdServer> servers = new HashMap<>();
    private final Map<String, ManagedChannel> channels = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        String prefix = InProcessServerBuilder.generateName();
        for (long id = 1; id <= 3; id++) {
            members.put(id, prefix + "-" + id);
        }
        for (long id = 1; id <= 3; id++) {
            startMember(id);
        }
    }

    private void startMember(long id) throws Exception {
        PdConfig config = new PdConfig(id, dir.resolve("pd" + id), members, "status-" + id + ":2380", 3, PdConfig.DEFAULT_DOWN_STORE_TIMEOUT,
                PdConfig.DEFAULT_TICK_MILLIS);
        servers.put(id, new PdServer(InProcessServerBuilder.forName(members.get(id)), config,
                name -> InProcessChannelBuilder.forName(name).build()).start());
    }

    @AfterEach
    void stop() throws Exception {
        channels.values().forEach(ManagedChannel::shutdownNow);
        for (PdServer s : servers.values()) {
            s.stop();
        }
    }

    private PdGrpc.PdBlockingStub stub(long id) {
        return PdGrpc.newBlockingStub(channels.computeIfAbsent(members.get(id), n -> InProcessChannelBuilder.forName(n).build()))
                .withDeadlineAfter(Duration.ofSeconds(10));
    }

    private long servingLeader() {
        long[] leader = new long[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (Map.Entry<Long, PdServer> e : servers.entrySet()) {
                if (e.getValue().leadership().serving()) {
                    leader[0] = e.getKey();
                    return true;
                }
            }
            return false;
        });
        return leader[0];
    }

    /**
     * Calls the leader as a client does: a NOT_LEADER answer (a fresh JVM on a busy machine may see an
     * election or two while it warms up) sends it to the leader again.
     */
    private <T> T onLeader(java.util.function.Function<PdGrpc.PdBlockingStub, T> call, java.util.function.Function<T, ResponseHeader> header) {
        java.util.concurrent.atomic.AtomicReference<T> answer = new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            T r = call.apply(stub(servingLeader()));
            answer.set(r);
            return header.apply(r).getError().getType() != PdErrorType.NOT_LEADER;
        });
        assertThat(header.apply(answer.get()).hasError()).as("%s", header.apply(answer.get())).isFalse();
        return answer.get();
    }

    @Test
    void followersRedirectToTheLeaderAndStateSurvivesItsLoss() throws Exception {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            long leader = servingLeader();
            long follower = leader % 3 + 1;
            AllocIdResponse redirected = stub(follower).allocId(AllocIdRequest.getDefaultInstance());
            assertThat(redirected.getHeader().getError().getType()).isEqualTo(PdErrorType.NOT_LEADER);
            assertThat(redirected.getHeader().getError().getLeaderAddress()).isEqualTo(members.get(leader));
            assertThat(stub(follower).getMembers(GetMembersRequest.getDefaultInstance()).getLeader().getId()).isEqualTo(leader);
            for (long asked = 1; asked <= 3; asked++) {
                GetMembersResponse all = stub(asked).getMembers(GetMembersRequest.getDefaultInstance());
                assertThat(all.getLeader().getStatusAddress()).isEqualTo("status-" + leader + ":2380");
                if (asked == leader) {
                    assertThat(all.getMembersList()).as("the leader hears from every follower")
                            .extracting(Member::getStatusAddress).containsExactly("status-1:2380", "status-2:2380", "status-3:2380");
                }
            }
        });

        AllocIdResponse ids = onLeader(pd -> pd.allocId(AllocIdRequest.newBuilder().setCount(10).build()), AllocIdResponse::getHeader);
        long clusterId = ids.getHeader().getClusterId();
        onLeader(pd -> pd.putStore(PutStoreRequest.newBuilder()
                .setStore(Store.newBuilder().setId(ids.getFirstId()).setAddress("s1:1")).build()), PutStoreResponse::getHeader);
        Timestamp before = onLeader(pd -> pd.getTimestamp(GetTimestampRequest.newBuilder().setCount(1).build()),
                GetTimestampResponse::getHeader).getTimestamp();

        long leader = servingLeader();
        servers.remove(leader).stop();
        long next = servingLeader();
        assertThat(next).isNotEqualTo(leader);
        assertThat(servers).doesNotContainKey(leader);

        AllocIdResponse after = onLeader(pd -> pd.allocId(AllocIdRequest.getDefaultInstance()), AllocIdResponse::getHeader);
        assertThat(after.getHeader().getClusterId()).isEqualTo(clusterId);
        assertThat(after.getFirstId()).isGreaterThanOrEqualTo(ids.getFirstId() + 10);
        Timestamp ts = onLeader(pd -> pd.getTimestamp(GetTimestampRequest.newBuilder().setCount(1).build()),
                GetTimestampResponse::getHeader).getTimestamp();
        assertThat(ts.getPhysicalMs() > before.getPhysicalMs()
                || (ts.getPhysicalMs() == before.getPhysicalMs() && ts.getLogical() > before.getLogical())).isTrue();
        assertThat(onLeader(pd -> pd.getStore(GetStoreRequest.newBuilder().setStoreId(ids.getFirstId()).build()),
                GetStoreResponse::getHeader).getStore().getAddress()).isEqualTo("s1:1");

        // The old leader comes back as a follower, catches up and redirects.
        long old = leader;
        startMember(old);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            long current = servingLeader();
            assertThat(current).isNotEqualTo(old);
            assertThat(stub(old).allocId(AllocIdRequest.getDefaultInstance()).getHeader().getError().getLeaderAddress())
                    .isEqualTo(members.get(current));
        });
    }
}
