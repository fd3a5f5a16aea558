package io.managedkvs.raftkv.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.managedkvs.raftkv.proto.kv.GetRequest;
import io.managedkvs.raftkv.proto.kv.GetResponse;
import io.managedkvs.raftkv.proto.kv.KvGrpc;
import io.managedkvs.raftkv.proto.kv.PutRequest;
import io.managedkvs.raftkv.proto.kv.PutResponse;
import io.managedkvs.raftkv.proto.kv.RegionError;
import io.managedkvs.raftkv.proto.kv.ServerIsBusy;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.PeerRole;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.meta.RegionEpoch;
import io.managedkvs.raftkv.proto.meta.Store;
import io.managedkvs.raftkv.proto.pd.GetMembersRequest;
import io.managedkvs.raftkv.proto.pd.GetMembersResponse;
import io.managedkvs.raftkv.proto.pd.GetRegionRequest;
import io.managedkvs.raftkv.proto.pd.GetRegionResponse;
import io.managedkvs.raftkv.proto.pd.GetStoreRequest;
import io.managedkvs.raftkv.proto.pd.GetStoreResponse;
import io.managedkvs.raftkv.proto.pd.Member;
import io.managedkvs.raftkv.proto.pd.PdGrpc;
import io.managedkvs.raftkv.proto.pd.ResponseHeader;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's promise of decision 0009, over real gRPC on loopback: a store that refuses a write
 * before proposing it (a region error) gets it again; a write that reached the store and got no
 * answer is never sent again and fails with {@link UnknownOutcomeException}; a read is retried after
 * any failure. The PD and store here are scripted (a real store cannot be made to fail between
 * receiving a request and answering it on cue); each counts what it received.
 */
class WriteRetryRuleTest {

    private static final Region REGION = Region.newBuilder().setId(2).setEpoch(RegionEpoch.newBuilder().setConfVer(1).setVersion(1))
            .addPeers(Peer.newBuilder().setId(3).setStoreId(1).setRole(PeerRole.VOTER)).build();

    /** What the store does with each request it receives, in order; answered normally once empty. */
    private final Queue<Consumer<StreamObserver<?>>> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger puts = new AtomicInteger();
    private final AtomicInteger gets = new AtomicInteger();
    private Server pd;
    private Server store;
    private RaftKvClient client;

    @BeforeEach
    void start() throws Exception {
        store = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new KvGrpc.KvImplBase() {
            @Override
            public void put(PutRequest req, StreamObserver<PutResponse> obs) {
                puts.incrementAndGet();
                if (!scripted(obs)) {
                    obs.onNext(PutResponse.getDefaultInstance());
                    obs.onCompleted();
                }
            }

            @Override
            public void get(GetRequest req, StreamObserver<GetResponse> obs) {
                gets.incrementAndGet();
                if (!scripted(obs)) {
                    obs.onNext(GetResponse.newBuilder().setFound(true).setValue(ByteString.copyFromUtf8("v")).build());
                    obs.onCompleted();
                }
            }
        }).build().start();
        String storeAddress = "127.0.0.1:" + store.getPort();
        pd = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new PdGrpc.PdImplBase() {
            @Override
            public void getMembers(GetMembersRequest req, StreamObserver<GetMembersResponse> obs) {
                Member self = Member.newBuilder().setId(1).setAddress("127.0.0.1:" + pd.getPort()).build();
                obs.onNext(GetMembersResponse.newBuilder().setHeader(header()).addMembers(self).setLeader(self).build());
                obs.onCompleted();
            }

            @Override
            public void getRegion(GetRegionRequest req, StreamObserver<GetRegionResponse> obs) {
                obs.onNext(GetRegionResponse.newBuilder().setHeader(header()).setRegion(REGION).setLeader(REGION.getPeers(0)).build());
                obs.onCompleted();
            }

            @Override
            public void getStore(GetStoreRequest req, StreamObserver<GetStoreResponse> obs) {
                obs.onNext(GetStoreResponse.newBuilder().setHeader(header())
                        .setStore(Store.newBuilder().setId(1).setAddress(storeAddress)).build());
                obs.onCompleted();
            }
        }).build().start();
        client = RaftKvClient.connect(ClientConfig.of(List.of("127.0.0.1:" + pd.getPort())).withCallTimeout(Duration.ofSeconds(10)));
    }

    private static ResponseHeader header() {
        return ResponseHeader.newBuilder().setClusterId(7).build();
    }

    @SuppressWarnings("unchecked")
    private boolean scripted(StreamObserver<?> obs) {
        Consumer<StreamObserver<?>> next = script.poll();
        if (next == null) {
            return false;
        }
        next.accept(obs);
        return true;
    }

    private static Consumer<StreamObserver<?>> busy() {
        return obs -> {
            @SuppressWarnings("unchecked")
            StreamObserver<PutResponse> o = (StreamObserver<PutResponse>) obs;
            o.onNext(PutResponse.newBuilder().setRegionError(RegionError.newBuilder().setMessage("busy")
                    .setServerIsBusy(ServerIsBusy.newBuilder().setBackoffMs(1))).build());
            o.onCompleted();
        };
    }

    /** The request arrived and the answer was lost: the store's process died, or the connection broke. */
    private static Consumer<StreamObserver<?>> noAnswer() {
        return obs -> obs.onError(Status.UNAVAILABLE.withDescription("connection reset").asRuntimeException());
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        store.shutdownNow();
        pd.shutdownNow();
    }

    @Test
    void aWriteRefusedBeforeItWasProposedIsSentAgain() {
        script.add(busy());
        script.add(busy());

        client.put("k".getBytes(UTF_8), "v".getBytes(UTF_8));

        assertThat(puts.get()).isEqualTo(3);
    }

    @Test
    void aWriteThatGotNoAnswerIsNeverSentAgainAndItsOutcomeIsReportedUnknown() {
        script.add(busy());
        script.add(noAnswer());

        assertThatThrownBy(() -> client.put("k".getBytes(UTF_8), "v".getBytes(UTF_8)))
                .isInstanceOf(UnknownOutcomeException.class).hasMessageContaining("may or may not");

        assertThat(puts.get()).as("the region error's retry, then the unanswered attempt, and nothing after it").isEqualTo(2);
    }

    @Test
    void aReadThatGotNoAnswerIsRetried() {
        script.add(noAnswer());
        script.add(noAnswer());

        assertThat(client.get("k".getBytes(UTF_8))).hasValueSatisfying(v -> assertThat(new String(v, UTF_8)).isEqualTo("v"));

        assertThat(gets.get()).isEqualTo(3);
    }
}
