package io.managedkvs.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.api.engine.ClusterChange;
import io.managedkvs.api.engine.ClusterView;
import io.managedkvs.api.engine.Credentials;
import io.managedkvs.api.engine.EngineStatus;
import io.managedkvs.api.engine.Member;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.engine.ResourceRef;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.ManagedKVSStatus;
import io.managedkvs.api.resource.RedisSpec;
import io.managedkvs.api.resource.SentinelSpec;
import io.managedkvs.redis.config.DirectiveCatalogue;
import io.managedkvs.redis.config.RedisSettings;
import io.managedkvs.redis.config.SentinelSettings;
import io.managedkvs.redis.local.LocalRedisCluster;
import io.managedkvs.redis.model.RedisSentinelModel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine end to end on local processes, with a mock pod list standing in for the cluster: the
 * operator's part (apply labels, store status) is played by this test, and it reconciles only when
 * the engine's Sentinel subscription asks it to.
 */
class EngineFailoverIT {

    private static final String PASSWORD = "engine-secret";
    private static final ManagedKVSSpec SPEC = ManagedKVSSpec.of("redis-sentinel", "7.0")
            .withRedis(new RedisSpec(null, null, null, null, new SentinelSpec(3, 2, 1000, 3000, 1, null)));

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;
    private LocalRedisCluster cluster;
    private RedisSentinelEngine engine;
    private final Semaphore reconcileRequests = new Semaphore(0);
    private final Map<String, Map<String, String>> podLabels = new TreeMap<>();
    private ManagedKVS resource;

    @BeforeEach
    void start() {
        resource = new ManagedKVS("prod", "cache", SPEC);
        cluster = LocalRedisCluster.builder("cache", dir).redisMembers(3).sentinels(3).password(PASSWORD)
                .settings(RedisSettings.of(SPEC.redis(), 3)).sentinelSettings(SentinelSettings.of(SPEC.redis().sentinel()))
                .build().start();
        engine = new RedisSentinelEngine(PlatformSettings.defaults(), ref -> reconcileRequests.release(),
                (r, v) -> cluster.topology(), Clock.systemUTC(), Duration.ofMillis(500));
        String hash = new RedisSentinelModel(PlatformSettings.defaults(), DirectiveCatalogue.standard()).redisTemplateHash(resource);
        cluster.redisMembers().forEach(m -> podLabels.put(m, new HashMap<>(Map.of(RedisSentinelModel.TEMPLATE_HASH_LABEL, hash))));
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

    @Test
    void roleLabelsFollowAKilledPrimaryThroughTheSentinelSubscription() throws Exception {
        EngineStatus status = null;
        for (int i = 0; i < 100 && (status == null || !status.rolloutDone()); i++) {
            status = reconcile();
            Thread.sleep(200);
        }
        assertThat(status.rolloutDone()).isTrue();
        assertThat(status.primary()).isEqualTo("cache-redis-0");
        assertThat(primaryLabelled()).containsExactly("cache-redis-0");
        assertThat(engine.watching(ResourceRef.of(resource))).isTrue();
        assertThat(status.endpoints().readWrite()).isEqualTo("cache-rw.prod.svc:6379");

        reconcileRequests.drainPermits();
        cluster.kill("cache-redis-0");
        long killedAt = System.nanoTime();

        // No periodic resync here: only the subscription's requests drive reconciles.
        while (primaryLabelled().equals(List.of("cache-redis-0"))) {
            assertThat(reconcileRequests.tryAcquire(20, TimeUnit.SECONDS))
                    .as("the Sentinel subscription asked for a reconcile").isTrue();
            reconcileRequests.drainPermits();
            status = reconcile();
            assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(30));
        }

        String promoted = cluster.actuator().primaryBySentinel(cluster.topology()).orElseThrow().name();
        assertThat(primaryLabelled()).containsExactly(promoted);
        assertThat(promoted).isNotEqualTo("cache-redis-0");
        assertThat(podLabels.get("cache-redis-0")).containsEntry(Labels.ROLE, Labels.ROLE_REPLICA);
        assertThat(status.primary()).isEqualTo(promoted);
        assertThat(status.failovers()).isEqualTo(1L);
        assertThat(status.lastFailoverTime()).isNotNull();
        assertThat(status.problems()).anySatisfy(f -> assertThat(f.reason()).isEqualTo("MemberDown"));

        engine.forget(ResourceRef.of(resource));
        assertThat(engine.watching(ResourceRef.of(resource))).isFalse();
    }

    @Test
    void aWrongPasswordIsReportedAndChangesNothing() {
        ClusterView view = view("not-" + PASSWORD);
        RedisObservation o = engine.observe(resource, view);
        List<ClusterChange> changes = engine.act(resource, view, o);
        EngineStatus status = engine.status(resource, view, o);

        assertThat(changes).isEmpty();
        assertThat(status.problems()).anySatisfy(f -> {
            assertThat(f.reason()).isEqualTo("AuthenticationFailed");
            assertThat(f.serving()).isFalse();
            assertThat(f.message()).doesNotContain(PASSWORD);
        });
        assertThat(cluster.actuator().observe(cluster.topology(), cluster.desiredState()).monitoringSentinels()).isEmpty();
    }

    private EngineStatus reconcile() {
        ClusterView view = view(PASSWORD);
        RedisObservation o = engine.observe(resource, view);
        for (ClusterChange change : engine.act(resource, view, o)) {
            if (change instanceof ClusterChange.LabelMember label) {
                podLabels.get(label.member()).putAll(label.labels());
            }
        }
        EngineStatus status = engine.status(resource, view, o);
        resource.setStatus(new ManagedKVSStatus(null, null, List.of(), "redis-sentinel", status.version(), null, null, null,
                status.primary(), status.endpoints(), null,
                new ManagedKVSStatus.FailoverStatus(status.failovers(), status.lastFailoverTime()), null));
        return status;
    }

    private ClusterView view(String password) {
        List<Member> members = new ArrayList<>();
        podLabels.forEach((name, labels) -> members.add(new Member(name, "redis", "127.0.0.1", cluster.process(name).isAlive(),
                false, false, labels)));
        cluster.sentinelMembers().forEach(name -> members.add(new Member(name, "sentinel", "127.0.0.1", true, false, true, Map.of())));
        return new ClusterView(members, List.of(), Optional.of(new Credentials("cache-auth", password)));
    }

    private List<String> primaryLabelled() {
        return podLabels.entrySet().stream().filter(e -> Labels.ROLE_PRIMARY.equals(e.getValue().get(Labels.ROLE)))
                .map(Map.Entry::getKey).toList();
    }
}
