package io.managedkvs.redis.local;

import static io.managedkvs.redis.local.ClusterFixture.connect;
import static io.managedkvs.redis.local.ClusterFixture.settle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.managedkvs.redis.actuator.Endpoint;
import io.managedkvs.redis.actuator.TlsReload;
import io.managedkvs.tls.CertificateAuthority;
import io.managedkvs.tls.TlsFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/** redis-server and redis-sentinel serving TLS only, from certificates of a CA made for the test. */
class TlsIT {

    private static final String PASSWORD = "tls-secret";

    @RegisterExtension
    final LocalClusters clusters = new LocalClusters();

    private CertificateAuthority ca;
    private LocalTls tls;

    private LocalRedisCluster start(String name) {
        ca = CertificateAuthority.create("test CA", Instant.now(), Duration.ofDays(1));
        tls = new LocalTls(clusters.dir().resolve("tls"), false);
        TlsCertificates.issue(ca, tls, name);
        return clusters.start(ClusterFixture.cluster(name, clusters.dir(), PASSWORD).tls(tls));
    }

    @Test
    void servesTlsOnlyReplicatesAndFailsOverOverTls() throws Exception {
        LocalRedisCluster cluster = start("tls");
        String primary = settle(cluster, Duration.ofSeconds(60)).plan().primary().orElseThrow();
        Endpoint primaryAt = cluster.topology().redis(primary).orElseThrow();

        try (Jedis j = connect(cluster, primary, PASSWORD)) {
            j.set("over", "tls");
        }
        String replica = cluster.redisMembers().stream().filter(m -> !m.equals(primary)).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (Jedis j = connect(cluster, replica, PASSWORD)) {
                assertThat(j.get("over")).isEqualTo("tls");
            }
        });

        // The plain-text protocol on the same port gets no answer: the server expects a TLS handshake.
        assertThatThrownBy(() -> {
            try (Jedis plain = new Jedis(primaryAt.dialHost(), primaryAt.port(), 2000)) {
                plain.auth(PASSWORD);
            }
        }).isInstanceOf(JedisException.class);

        assertThat(redisCli(primaryAt.port(), true, "SET", "cli", "over-tls")).isEqualTo("OK");
        assertThat(redisCli(primaryAt.port(), true, "GET", "over")).isEqualTo("tls");
        assertThat(redisCli(primaryAt.port(), false, "PING")).doesNotContain("PONG");

        cluster.kill(primary);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                cluster.actuator().primaryBySentinel(cluster.topology()).map(e -> !e.name().equals(primary)).orElse(false));
        String promoted = cluster.actuator().primaryBySentinel(cluster.topology()).orElseThrow().name();
        try (Jedis j = connect(cluster, promoted, PASSWORD)) {
            assertThat(j.get("over")).isEqualTo("tls");
            assertThat(j.get("cli")).isEqualTo("over-tls");
        }
        // min-replicas-to-write 1: the new primary refuses writes (NOREPLICAS) until the remaining
        // replica has attached to it over TLS, which may come a moment after Sentinel's promotion.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .ignoreException(JedisDataException.class).untilAsserted(() -> {
            try (Jedis j = connect(cluster, promoted, PASSWORD)) {
                assertThat(j.set("after", "failover")).isEqualTo("OK");
            }
        });
    }

    @Test
    void rotatedCertificatesAreServedWithoutAFailoverOrALostWrite() {
        LocalRedisCluster cluster = start("rot");
        String primary = settle(cluster, Duration.ofSeconds(60)).plan().primary().orElseThrow();
        TlsReload reload = new TlsReload(cluster.clients());
        List<Endpoint> everyone = new ArrayList<>(cluster.topology().redis());
        everyone.addAll(cluster.topology().sentinels());
        Map<String, X509Certificate> before = new LinkedHashMap<>();
        everyone.forEach(e -> before.put(e.name(), reload.served(e).orElseThrow()));

        try (AcknowledgedWriter writer = new AcknowledgedWriter(cluster, PASSWORD, 200_000).start()) {
            ClusterFixture.sleep(500);
            TlsCertificates.issue(ca, tls, "rot"); // as a renewed Secret's files change under the pods
            assertThat(cluster.reloadTls()).hasSize(3);

            for (Endpoint e : everyone) {
                X509Certificate expected = TlsCertificates.leaf(tls.member(e.name()).certificate());
                assertThat(expected).isNotEqualTo(before.get(e.name()));
                await().atMost(Duration.ofSeconds(10)).until(() -> reload.serves(e, expected));
            }
            // New handshakes with the new certificates: a replica that restarts syncs again, Sentinels find each other again.
            String replica = cluster.redisMembers().stream().filter(m -> !m.equals(primary)).findFirst().orElseThrow();
            cluster.restart(replica);
            settle(cluster, Duration.ofSeconds(60));
            ClusterFixture.sleep(1000);
            int atClose = writer.acknowledged().size();
            writer.close();

            assertThat(cluster.actuator().primaryBySentinel(cluster.topology()).orElseThrow().name())
                    .as("the primary did not move").isEqualTo(primary);
            List<String> acknowledged = writer.acknowledged();
            assertThat(atClose).isGreaterThan(100);
            try (Jedis p = connect(cluster, primary, PASSWORD)) {
                List<String> values = p.mget(acknowledged.toArray(String[]::new));
                assertThat(values).as("acknowledged writes after the rotation").doesNotContainNull();
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (Jedis r = connect(cluster, replica, PASSWORD)) {
                    assertThat(r.get(acknowledged.get(acknowledged.size() - 1))).isNotNull();
                }
            });
        }
    }

    @Test
    void aMismatchedKeyIsRefusedAndTheMemberKeepsServingItsCertificate() throws IOException {
        LocalRedisCluster cluster = start("bad");
        String primary = settle(cluster, Duration.ofSeconds(60)).plan().primary().orElseThrow();
        Endpoint at = cluster.topology().redis(primary).orElseThrow();
        TlsReload reload = new TlsReload(cluster.clients());
        X509Certificate serving = reload.served(at).orElseThrow();
        TlsFiles files = tls.member(primary);
        // Another member's key beside this member's certificate: not a pair.
        Files.writeString(files.privateKey(), Files.readString(tls.member(LocalTls.CLIENT).privateKey()));

        assertThatThrownBy(() -> cluster.reloadTls()).isInstanceOf(JedisException.class);

        assertThat(reload.served(at)).contains(serving);
        try (Jedis j = connect(cluster, primary, PASSWORD)) {
            j.set("still", "serving");
            assertThat(j.get("still")).isEqualTo("serving");
        }
    }

    private String redisCli(int port, boolean overTls, String... command) throws IOException, InterruptedException {
        TlsFiles client = tls.client();
        List<String> args = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "--no-auth-warning", "-a", PASSWORD));
        if (overTls) {
            args.addAll(List.of("--tls", "--cacert", client.authority().toString(), "--cert", client.certificate().toString(),
                    "--key", client.privateKey().toString()));
        }
        args.addAll(List.of(command));
        Path out = Files.createTempFile(clusters.dir(), "redis-cli", ".out");
        Process p = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("redis-cli did not finish: " + args);
        }
        return Files.readString(out).strip();
    }
}
