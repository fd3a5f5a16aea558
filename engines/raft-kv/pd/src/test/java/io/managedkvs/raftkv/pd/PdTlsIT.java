package io.managedkvs.raftkv.pd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.managedkvs.raftkv.client.TransportSecurity;
import io.managedkvs.raftkv.proto.pd.AllocIdRequest;
import io.managedkvs.raftkv.proto.pd.AllocIdResponse;
import io.managedkvs.raftkv.proto.pd.GetMembersRequest;
import io.managedkvs.raftkv.proto.pd.GetMembersResponse;
import io.managedkvs.raftkv.proto.pd.PdGrpc;
import io.managedkvs.tls.CertificateAuthority;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three PD processes started with {@code --tls-dir}: they elect a leader over mutual TLS between
 * peers, and serve a client with a certificate of their CA; a plaintext client and one of another
 * CA are refused.
 */
class PdTlsIT {

    @TempDir
    Path dir;
    private final List<PdProcess> processes = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<TransportSecurity> securities = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        channels.forEach(ManagedChannel::shutdownNow);
        securities.forEach(TransportSecurity::close);
        for (PdProcess p : processes) {
            p.close();
            System.out.println("---- PD member\n" + p.output());
        }
    }

    private PdGrpc.PdBlockingStub stub(String address, ChannelCredentials credentials) {
        ManagedChannel ch = NettyChannelBuilder.forTarget(address, credentials).build();
        channels.add(ch);
        return PdGrpc.newBlockingStub(ch).withDeadlineAfter(Duration.ofSeconds(5));
    }

    private ChannelCredentials client(CertificateAuthority ca, String name) {
        TransportSecurity s = TransportSecurity.mutualTls(ca.issueInto(dir.resolve("tls/" + name), name, List.of("127.0.0.1"),
                Instant.now(), Duration.ofDays(1)), Duration.ZERO);
        securities.add(s);
        return s.channelCredentials();
    }

    @Test
    void membersElectOverTlsAndServeOnlyClientsOfTheirAuthority() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("pd CA", Instant.now(), Duration.ofDays(1));
        int[] ports = PdProcess.freePorts(6);
        String cluster = "1=127.0.0.1:" + ports[0] + ",2=127.0.0.1:" + ports[1] + ",3=127.0.0.1:" + ports[2];
        for (int i = 0; i < 3; i++) {
            Path tls = dir.resolve("tls/pd" + (i + 1));
            ca.issueInto(tls, "pd" + (i + 1), List.of("127.0.0.1"), Instant.now(), Duration.ofDays(1));
            processes.add(new PdProcess(dir, i + 1, ports[i], ports[3 + i], cluster, "--tls-dir", tls.toString()).start());
        }
        ChannelCredentials member = client(ca, "client");
        AtomicLong allocated = new AtomicLong();
        // A leader that answers AllocId means the members replicated to each other over TLS.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
            GetMembersResponse m = stub("127.0.0.1:" + ports[0], member).getMembers(GetMembersRequest.getDefaultInstance());
            if (!m.hasLeader()) {
                return false;
            }
            AllocIdResponse r = stub(m.getLeader().getAddress(), member).allocId(AllocIdRequest.getDefaultInstance());
            allocated.set(r.getFirstId());
            return !r.getHeader().hasError() && r.getFirstId() > 0;
        });
        assertThat(allocated.get()).isPositive();

        assertThatThrownBy(() -> stub("127.0.0.1:" + ports[0], InsecureChannelCredentials.create())
                .getMembers(GetMembersRequest.getDefaultInstance())).isInstanceOf(StatusRuntimeException.class);
        ChannelCredentials stranger = client(CertificateAuthority.create("another CA", Instant.now(), Duration.ofDays(1)), "stranger");
        assertThatThrownBy(() -> stub("127.0.0.1:" + ports[1], stranger).getMembers(GetMembersRequest.getDefaultInstance()))
                .isInstanceOf(StatusRuntimeException.class);
    }
}
