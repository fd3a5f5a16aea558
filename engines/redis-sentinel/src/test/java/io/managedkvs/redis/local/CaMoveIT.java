package io.managedkvs.redis.local;

import static io.managedkvs.redis.local.ClusterFixture.settle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.managedkvs.redis.actuator.Endpoint;
import io.managedkvs.redis.actuator.RedisClients;
import io.managedkvs.redis.actuator.TlsReload;
import io.managedkvs.tls.CertificateAuthority;
import io.managedkvs.tls.SslContexts;
import io.managedkvs.tls.TlsFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ClientKillParams;

/**
 * Moving a TLS instance to a new CA, the documented way (docs/operations.md, decision 0015): a ca.crt
 * with both CAs, then the new CA's certificates, then ca.crt with the new CA only, each step picked up
 * in place as a rotation is (members reload, Sentinels restart one at a time). At every step
 * replication makes new handshakes and keeps up, Sentinels see every member and each other, and an
 * application that trusts both CAs keeps writing over new connections without one error; the primary
 * never moves and no acknowledged write is lost.
 */
class CaMoveIT {

    private static final String PASSWORD = "ca-move";
    private static final String NAME = "move";
    private static final int WRITES_PER_CONNECTION = 20;

    @RegisterExtension
    final LocalClusters clusters = new LocalClusters();

    @Test
    void aNewCaIsIntroducedByBundleWithoutAFailedHandshakeOrALostWrite() throws Exception {
        CertificateAuthority oldCa = CertificateAuthority.create("old CA", Instant.now(), Duration.ofDays(1));
        CertificateAuthority newCa = CertificateAuthority.create("new CA", Instant.now(), Duration.ofDays(1));
        LocalTls tls = new LocalTls(clusters.dir().resolve("tls"), false);
        TlsCertificates.issue(oldCa, tls, NAME);
        LocalRedisCluster cluster = clusters.start(ClusterFixture.cluster(NAME, clusters.dir(), PASSWORD).tls(tls));
        String primaryName = settle(cluster, Duration.ofSeconds(60)).plan().primary().orElseThrow();
        Endpoint primary = cluster.topology().redis(primaryName).orElseThrow();
        String bundle = oldCa.certificatePem() + newCa.certificatePem();
        // An application given the two-CA bundle before the move starts, with the password and no certificate of its own.
        SSLContext application = SslContexts.trusting(bundle);

        // The application opens a new connection (a new handshake) every few writes.
        try (AcknowledgedWriter writer = new AcknowledgedWriter(() -> Optional.of(open(primary, application)), Long.MAX_VALUE,
                WRITES_PER_CONNECTION).start()) {
            // 1. Both CAs in ca.crt: every member still serves its old certificate and now trusts either CA.
            rewrite(tls, (name, files) -> TlsFiles.write(files.certificate().getParent(), read(files.certificate()),
                    read(files.privateKey()), bundle));
            assertStepHolds(cluster, tls, application, primary, writer, oldCa);

            // 2. The new CA's certificates, ca.crt still both.
            rewrite(tls, (name, files) -> {
                CertificateAuthority.Issued issued = newCa.issue(name, TlsCertificates.HOSTS, Instant.now().minusSeconds(60),
                        Instant.now().plus(Duration.ofDays(1)));
                TlsFiles.write(files.certificate().getParent(), issued.certificatePem(), issued.keyPem(), bundle);
            });
            assertStepHolds(cluster, tls, application, primary, writer, newCa);

            // 3. The old CA leaves ca.crt.
            rewrite(tls, (name, files) -> TlsFiles.write(files.certificate().getParent(), read(files.certificate()),
                    read(files.privateKey()), newCa.certificatePem()));
            assertStepHolds(cluster, tls, application, primary, writer, newCa);

            writer.close();
            assertThat(writer.errors()).as("the application's failed writes or handshakes; last: %s", writer.lastError()).isZero();
            List<String> acknowledged = writer.acknowledged();
            assertThat(acknowledged).hasSizeGreaterThan(100);
            try (Jedis p = open(primary, application)) {
                assertThat(p.mget(acknowledged.toArray(String[]::new))).as("acknowledged writes").doesNotContainNull();
                assertThat(p.waitReplicas(2, 10_000)).isEqualTo(2);
            }
        }

        // The old CA is gone: its certificates are refused, and a client trusting only it trusts no member.
        CertificateAuthority.Issued stale = oldCa.issue("stale", TlsCertificates.HOSTS, Instant.now().minusSeconds(60),
                Instant.now().plus(Duration.ofDays(1)));
        SSLContext staleClient = SslContexts.of(stale.certificatePem(), stale.keyPem(), bundle);
        assertThatThrownBy(() -> {
            try (Jedis j = open(primary, staleClient)) {
                j.ping();
            }
        }).as("a certificate of the old CA").isInstanceOf(JedisException.class);
        assertThatThrownBy(() -> {
            try (Jedis j = open(primary, SslContexts.trusting(oldCa.certificatePem()))) {
                j.ping();
            }
        }).as("a client trusting only the old CA").isInstanceOf(JedisException.class);
    }

    /**
     * Picks the step up as a rotation does, then checks: every member and Sentinel serves a certificate
     * of {@code issuer}; replicas dropped by the primary connect again (new handshakes both ways) and
     * catch up; every Sentinel still names the same primary and sees its replicas and the other Sentinels.
     */
    private void assertStepHolds(LocalRedisCluster cluster, LocalTls tls, SSLContext application, Endpoint primary,
                                 AcknowledgedWriter writer, CertificateAuthority issuer) {
        long errorsBefore = writer.errors();
        assertThat(cluster.reloadTls()).hasSize(3);
        RedisClients appClients = new RedisClients(Optional.of(PASSWORD), RedisClients.DEFAULT_TIMEOUT, Optional.of(application));
        TlsReload handshakes = new TlsReload(appClients);
        List<Endpoint> everyone = new ArrayList<>(cluster.topology().redis());
        everyone.addAll(cluster.topology().sentinels());
        for (Endpoint e : everyone) {
            X509Certificate expected = TlsCertificates.leaf(tls.member(e.name()).certificate());
            assertThat(expected.getIssuerX500Principal()).isEqualTo(issuer.certificate().getSubjectX500Principal());
            await().atMost(Duration.ofSeconds(10)).until(() -> handshakes.serves(e, expected));
        }
        try (Jedis p = open(primary, application)) {
            // One replica link at a time: with min-replicas-to-write 1 the primary refuses writes while no replica is linked.
            for (String link : replicaLinks(p)) {
                p.clientKill(ClientKillParams.clientKillParams().addr(link));
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    assertThat(replicaLinks(p)).as("the replica linked again over a new handshake").hasSize(2).doesNotContain(link);
                    p.set("step", Long.toString(System.nanoTime()));
                    assertThat(p.waitReplicas(2, 1000)).as("replicas in sync").isEqualTo(2);
                });
            }
        }
        for (Endpoint s : cluster.topology().sentinels()) {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                try (Jedis sentinel = open(s, application)) {
                    Map<String, String> master = sentinel.sentinelMaster(NAME);
                    assertThat(master.get("port")).isEqualTo(Integer.toString(primary.port()));
                    assertThat(master.get("flags")).isEqualTo("master");
                    assertThat(master.get("num-other-sentinels")).isEqualTo("2");
                    assertThat(sentinel.sentinelReplicas(NAME)).hasSize(2)
                            .allSatisfy(r -> assertThat(r.get("flags")).isEqualTo("slave"));
                }
            });
        }
        assertThat(writer.errors()).as("the application's errors during the step; last: %s", writer.lastError()).isEqualTo(errorsBefore);
    }

    /** The primary's connections from its replicas, as {@code ip:port}. */
    private static List<String> replicaLinks(Jedis primary) {
        return primary.clientList(ClientType.REPLICA).lines().map(line -> line.replaceFirst(".*\\baddr=(\\S+).*", "$1")).toList();
    }

    private interface Rewrite {
        void apply(String name, TlsFiles files);
    }

    /** Rewrites every member's, Sentinel's and the client's files, as a changed Secret's files change in every pod. */
    private static void rewrite(LocalTls tls, Rewrite rewrite) {
        for (String name : TlsCertificates.names(NAME)) {
            rewrite.apply(name, TlsFiles.in(tls.root().resolve(name)));
        }
    }

    private static String read(java.nio.file.Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Jedis open(Endpoint e, SSLContext context) {
        return new Jedis(new HostAndPort(e.dialHost(), e.port()), DefaultJedisClientConfig.builder().password(PASSWORD)
                .timeoutMillis(2000).ssl(true).sslSocketFactory(context.getSocketFactory()).build());
    }
}
