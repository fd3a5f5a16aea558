package io.managedkvs.raftkv.store.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.managedkvs.raftkv.client.ClientConfig;
import io.managedkvs.raftkv.client.HostPort;
import io.managedkvs.raftkv.client.RaftKvClient;
import io.managedkvs.raftkv.client.TransportSecurity;
import io.managedkvs.raftkv.pd.PdConfig;
import io.managedkvs.raftkv.pd.PdServer;
import io.managedkvs.raftkv.store.raftstore.RaftStoreConfig;
import io.managedkvs.raftkv.store.server.RespFrontEnd;
import io.managedkvs.raftkv.store.server.StoreConfig;
import io.managedkvs.raftkv.store.server.StoreNode;
import io.managedkvs.tls.CertificateAuthority;
import io.managedkvs.tls.SslContexts;
import io.managedkvs.tls.TlsFiles;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A PD and three stores in this JVM with mutual TLS on every gRPC server and channel (client to
 * store and PD, store to PD, store to store) and on the Redis protocol port, with certificates from
 * {@link CertificateAuthority}: a client with a member certificate reads and writes through gRPC and
 * RESP (Jedis and redis-cli); a plaintext client and a client of another CA are refused; a store's
 * certificate rewritten in place is served to new connections without a restart, while writes go on.
 */
class TlsClusterTest {

    private static final Duration RELOAD = Duration.ofMillis(200);

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();
    private CertificateAuthority ca;
    private PdServer pd;
    private String pdAddress;
    private final List<StoreNode> stores = new ArrayList<>();
    private final List<RespFrontEnd> resp = new ArrayList<>();
    private final List<Integer> storePorts = new ArrayList<>();
    private TlsFiles clientFiles;

    @BeforeEach
    void startCluster() throws Exception {
        Instant now = Instant.now();
        ca = CertificateAuthority.create("raft-kv test CA", now, Duration.ofDays(1));
        TransportSecurity pdSecurity = security(ca.issueInto(tmp.resolve("tls/pd"), "pd", List.of("127.0.0.1", "localhost"), now, Duration.ofDays(1)));
        int pdPort = PdStoreCluster.freePort();
        pdAddress = "127.0.0.1:" + pdPort;
        pd = new PdServer(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", pdPort), pdSecurity.serverCredentials()),
                PdConfig.single(tmp.resolve("pd"), pdAddress, 3)).start();
        for (int i = 0; i < 3; i++) {
            TransportSecurity s = security(ca.issueInto(tmp.resolve("tls/store-" + i), "store-" + i, List.of("127.0.0.1"), now, Duration.ofDays(1)));
            int port = PdStoreCluster.freePort();
            storePorts.add(port);
            StoreConfig c = new StoreConfig(tmp.resolve("store-" + i), new HostPort("127.0.0.1", port), null, null,
                    List.of(pdAddress), Map.of("zone", "z" + i), RaftStoreConfig.defaults(), s);
            StoreNode node = new StoreNode(c);
            RespFrontEnd front = new RespFrontEnd(new HostPort("127.0.0.1", 0), List.of(pdAddress), s);
            node.addComponent(front);
            stores.add(node);
            resp.add(front);
        }
        PdStoreCluster.inParallel(3, i -> stores.get(i).start());
        clientFiles = ca.issueInto(tmp.resolve("tls/client"), "client", List.of("localhost"), now, Duration.ofDays(1));
    }

    private TransportSecurity security(TlsFiles files) {
        TransportSecurity s = TransportSecurity.mutualTls(files, RELOAD);
        open.add(s);
        return s;
    }

    private RaftKvClient client(TransportSecurity security) {
        RaftKvClient c = RaftKvClient.connect(ClientConfig.of(List.of(pdAddress)).withSecurity(security).withCallTimeout(Duration.ofSeconds(20)));
        open.add(c);
        return c;
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        for (StoreNode s : stores) {
            s.close();
        }
        if (pd != null) {
            pd.close();
        }
    }

    @Test
    void aClientWithAMemberCertificateReadsAndWritesOverGrpcAndResp() throws Exception {
        RaftKvClient kv = client(security(clientFiles));
        kv.put(bytes("k1"), bytes("v1"));
        assertThat(kv.get(bytes("k1"))).map(b -> new String(b, UTF_8)).contains("v1");

        DefaultJedisClientConfig tls = DefaultJedisClientConfig.builder().ssl(true)
                .sslSocketFactory(SslContexts.of(clientFiles).getSocketFactory()).timeoutMillis(20_000).build();
        try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", resp.get(1).port()), tls)) {
            assertThat(jedis.get("k1")).isEqualTo("v1");
            assertThat(jedis.set("k2", "v2")).isEqualTo("OK");
        }
        assertThat(kv.get(bytes("k2"))).map(b -> new String(b, UTF_8)).contains("v2");

        Process cli = new ProcessBuilder("redis-cli", "--tls", "--cacert", clientFiles.authority().toString(),
                "--cert", clientFiles.certificate().toString(), "--key", clientFiles.privateKey().toString(),
                "-h", "127.0.0.1", "-p", String.valueOf(resp.get(2).port()), "GET", "k2")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("redis-cli.out").toFile()).start();
        assertThat(cli.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(tmp.resolve("redis-cli.out")).trim()).isEqualTo("v2");
    }

    @Test
    void plaintextClientsAndClientsOfAnotherAuthorityAreRefused() throws Exception {
        client(security(clientFiles)).put(bytes("k"), bytes("v"));

        RaftKvClient plain = RaftKvClient.connect(ClientConfig.of(List.of(pdAddress)).withCallTimeout(Duration.ofSeconds(2)));
        open.add(plain);
        assertThatThrownBy(() -> plain.get(bytes("k"))).isInstanceOf(RuntimeException.class);

        CertificateAuthority other = CertificateAuthority.create("another CA", Instant.now(), Duration.ofDays(1));
        TlsFiles stranger = other.issueInto(tmp.resolve("tls/stranger"), "stranger", List.of("localhost"), Instant.now(), Duration.ofDays(1));
        RaftKvClient foreign = RaftKvClient.connect(ClientConfig.of(List.of(pdAddress)).withSecurity(security(stranger))
                .withCallTimeout(Duration.ofSeconds(2)));
        open.add(foreign);
        assertThatThrownBy(() -> foreign.get(bytes("k"))).isInstanceOf(RuntimeException.class);

        // The Redis protocol port refuses a plaintext client and one of another CA alike.
        assertThatThrownBy(() -> {
            try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", resp.get(0).port()),
                    DefaultJedisClientConfig.builder().timeoutMillis(2_000).build())) {
                jedis.get("k");
            }
        }).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> {
            try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", resp.get(0).port()), DefaultJedisClientConfig.builder()
                    .ssl(true).sslSocketFactory(SslContexts.of(stranger).getSocketFactory()).timeoutMillis(2_000).build())) {
                jedis.get("k");
            }
        }).isInstanceOf(RuntimeException.class);
    }

    @Test
    void aCertificateRewrittenInPlaceIsServedToNewConnectionsWhileWritesGoOn() throws Exception {
        RaftKvClient kv = client(security(clientFiles));
        BigInteger before = servedSerial(storePorts.get(0));
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger next = new AtomicInteger();
        Thread writer = new Thread(() -> {
            while (!stop.get()) {
                int i = next.getAndIncrement();
                try {
                    kv.put(bytes("key" + i), bytes("value" + i));
                    acknowledged.put("key" + i, "value" + i);
                } catch (RuntimeException e) {
                    // Not acknowledged: nothing to check for this key.
                }
            }
        });
        writer.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> acknowledged.size() > 20);
            Path dir = tmp.resolve("tls/store-0");
            ca.issueInto(dir, "store-0", List.of("127.0.0.1"), Instant.now(), Duration.ofDays(2));
            BigInteger written = ((X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(Files.newInputStream(dir.resolve(TlsFiles.CERT)))).getSerialNumber();
            assertThat(written).isNotEqualTo(before);
            await().atMost(Duration.ofSeconds(20)).until(() -> servedSerial(storePorts.get(0)).equals(written));
            int atRotation = acknowledged.size();
            await().atMost(Duration.ofSeconds(20)).until(() -> acknowledged.size() > atRotation + 20);
        } finally {
            stop.set(true);
            writer.join();
        }
        // A client connecting after the rotation reads every acknowledged write.
        RaftKvClient fresh = client(security(clientFiles));
        for (Map.Entry<String, String> e : acknowledged.entrySet()) {
            Optional<byte[]> v = fresh.get(bytes(e.getKey()));
            assertThat(v).as(e.getKey()).map(b -> new String(b, UTF_8)).contains(e.getValue());
        }
    }

    /** The serial of the certificate a new TLS connection to {@code port} is shown. */
    private BigInteger servedSerial(int port) throws Exception {
        try (SSLSocket s = (SSLSocket) SslContexts.of(clientFiles).getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(5_000);
            s.setEnabledProtocols(new String[] {"TLSv1.3"});
            s.setSSLParameters(withAlpn(s));
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private static javax.net.ssl.SSLParameters withAlpn(SSLSocket s) {
        javax.net.ssl.SSLParameters p = s.getSSLParameters();
        p.setApplicationProtocols(new String[] {"h2"});
        return p;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }
}
