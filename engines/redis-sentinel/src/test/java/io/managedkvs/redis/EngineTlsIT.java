package io.managedkvs.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.api.engine.ClusterChange;
import io.managedkvs.api.engine.ClusterView;
import io.managedkvs.api.engine.Credentials;
import io.managedkvs.api.engine.EngineStatus;
import io.managedkvs.api.engine.Member;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.engine.TlsMaterial;
import io.managedkvs.api.engine.Workload;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.ManagedKVSStatus;
import io.managedkvs.api.resource.RedisSpec;
import io.managedkvs.api.resource.SentinelSpec;
import io.managedkvs.api.resource.TlsSpec;
import io.managedkvs.redis.actuator.Endpoint;
import io.managedkvs.redis.actuator.TlsReload;
import io.managedkvs.redis.config.DirectiveCatalogue;
import io.managedkvs.redis.config.RedisSettings;
import io.managedkvs.redis.config.SentinelSettings;
import io.managedkvs.redis.local.LocalRedisCluster;
import io.managedkvs.redis.local.LocalTls;
import io.managedkvs.redis.model.RedisSentinelModel;
import io.managedkvs.tls.CertificateAuthority;
import io.managedkvs.tls.Pem;
import io.managedkvs.tls.TlsFiles;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The engine as the operator drives it, against local processes that serve TLS only with one
 * certificate for everyone (as every pod mounts the same Secret): it reaches members over TLS with the
 * Secret the operator hands over, and carries a rotated Secret into every member and Sentinel with
 * no failover.
 */
class EngineTlsIT {

    private static final String PASSWORD = "engine-tls-secret";
    private static final ManagedKVSSpec SPEC = ManagedKVSSpec.of("redis-sentinel", "7.0").withTls(new TlsSpec(true, "cache-tls"))
            .withRedis(new RedisSpec(null, null, null, null, new SentinelSpec(3, 2, 1000, 3000, 1, null)));

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;
    private LocalRedisCluster cluster;
    private RedisSentinelEngine engine;
    private ManagedKVS resource;
    private final CertificateAuthority ca = CertificateAuthority.create("kvs-ca", Instant.now(), Duration.ofDays(1));
    private LocalTls tls;
    private TlsMaterial secret;

    @BeforeEach
    void start() {
        resource = new ManagedKVS("prod", "cache", SPEC);
        tls = new LocalTls(dir.resolve("tls"), false);
        secret = rotateSecret();
        cluster = LocalRedisCluster.builder("cache", dir).redisMembers(3).sentinels(3).password(PASSWORD).tls(tls)
                .settings(RedisSettings.of(SPEC.redis(), 3)).sentinelSettings(SentinelSettings.of(SPEC.redis().sentinel()))
                .build().start();
        engine = new RedisSentinelEngine(PlatformSettings.defaults(), ref -> { }, (r, v) -> cluster.topology(), Clock.systemUTC(),
                Duration.ofMillis(1000));
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A new certificate from the same CA in every member's directory, as the kubelet writes a changed Secret into each pod. */
    private TlsMaterial rotateSecret() {
        CertificateAuthority.Issued issued = ca.issue("cache", List.of("127.0.0.1", "localhost"), Instant.now().minusSeconds(60),
                Instant.now().plus(Duration.ofDays(1)));
        List<String> names = new ArrayList<>(List.of(LocalTls.CLIENT));
        for (int i = 0; i < 3; i++) {
            names.add("cache-redis-" + i);
            names.add("cache-sentinel-" + i);
        }
        names.forEach(n -> TlsFiles.write(tls.root().resolve(n), issued.certificatePem(), issued.keyPem(), issued.authorityPem()));
        return new TlsMaterial("cache-tls", issued.certificatePem(), issued.keyPem(), issued.authorityPem());
    }

    @Test
    void bootstrapsOverTlsAndCarriesARotationIntoEveryoneWithoutAFailover() throws Exception {
        EngineStatus status = reconcileUntil(s -> s.rolloutDone());
        String primary = status.primary();
        assertThat(primary).isNotNull();
        try (Jedis j = cluster.clients().open(cluster.topology().redis(primary).orElseThrow())) {
            j.set("before", "rotation");
        }

        X509Certificate oldCert = Pem.certificates(secret.certificatePem()).get(0);
        secret = rotateSecret();
        X509Certificate newCert = Pem.certificates(secret.certificatePem()).get(0);
        assertThat(newCert).isNotEqualTo(oldCert);

        ClusterView view = view();
        RedisObservation behind = engine.observe(resource, view);
        assertThat(behind.tlsRotation().membersBehind()).hasSize(3);
        assertThat(behind.tlsRotation().sentinelsBehind()).hasSize(3);
        assertThat(engine.status(resource, view, behind).rolloutDone()).as("not done while anyone serves the old certificate").isFalse();

        List<String> sentinelRestarts = new ArrayList<>();
        status = reconcileUntil(s -> s.rolloutDone(), sentinelRestarts);

        TlsReload reload = new TlsReload(cluster.clients());
        List<Endpoint> everyone = new ArrayList<>(cluster.topology().redis());
        everyone.addAll(cluster.topology().sentinels());
        for (Endpoint e : everyone) {
            assertThat(reload.served(e)).as(e.name()).contains(newCert);
        }
        assertThat(sentinelRestarts).as("each Sentinel restarted once, one at a time").containsExactlyInAnyOrder(
                "cache-sentinel-0", "cache-sentinel-1", "cache-sentinel-2");
        assertThat(status.primary()).as("no failover").isEqualTo(primary);
        assertThat(status.failovers()).isZero();
        try (Jedis j = cluster.clients().open(cluster.topology().redis(primary).orElseThrow())) {
            assertThat(j.get("before")).isEqualTo("rotation");
        }
    }

    private EngineStatus reconcileUntil(java.util.function.Predicate<EngineStatus> done) throws InterruptedException {
        return reconcileUntil(done, new ArrayList<>());
    }

    /** Reconciles as the operator would, carrying out Sentinel restarts; records them. */
    private EngineStatus reconcileUntil(java.util.function.Predicate<EngineStatus> done, List<String> sentinelRestarts)
            throws InterruptedException {
        EngineStatus status = null;
        for (int i = 0; i < 300 && (status == null || !done.test(status)); i++) {
            ClusterView view = view();
            RedisObservation o = engine.observe(resource, view);
            for (ClusterChange change : engine.act(resource, view, o)) {
                if (change instanceof ClusterChange.RestartMember restart && restart.member().contains("sentinel")) {
                    sentinelRestarts.add(restart.member());
                    cluster.restartSentinel(restart.member(), false);
                }
            }
            status = engine.status(resource, view, o);
            resource.setStatus(new ManagedKVSStatus(null, null, List.of(), "redis-sentinel", status.version(), null, null, null,
                    status.primary(), status.endpoints(), null,
                    new ManagedKVSStatus.FailoverStatus(status.failovers(), status.lastFailoverTime()), null));
            Thread.sleep(200);
        }
        assertThat(done.test(status)).as("reconciled to the goal; last status " + status).isTrue();
        return status;
    }

    private ClusterView view() {
        String hash = new RedisSentinelModel(PlatformSettings.defaults(), DirectiveCatalogue.standard()).redisTemplateHash(resource);
        List<Member> members = new ArrayList<>();
        cluster.redisMembers().forEach(name -> members.add(new Member(name, "redis", "127.0.0.1", cluster.process(name).isAlive(),
                false, false, Map.of(RedisSentinelModel.TEMPLATE_HASH_LABEL, hash))));
        cluster.sentinelMembers().forEach(name -> members.add(new Member(name, "sentinel", "127.0.0.1", cluster.process(name).isAlive(),
                false, true, Map.of())));
        return new ClusterView(members, List.of(new Workload("cache-sentinel", "sentinel", 3, 3, null)),
                Optional.of(new Credentials("cache-auth", PASSWORD)), Optional.of(secret));
    }
}
