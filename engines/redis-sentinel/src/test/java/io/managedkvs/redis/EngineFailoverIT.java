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
import io.managedkvs.redis.local.ClusterFixture;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine end to end on local processes, with a mock pod list standing in for the cluster: the
 * operator's part (apply labels, store status) is played by this test, and it reconciles only when
 * the engine's Sentinel subscription asks it to.
 */
class EngineFailoverIT {

    private static final Logger LOG = LoggerFactory.getLogger(EngineFailoverIT.class);
    private static final String PASSWORD = "engine-secret";
    /** down-after-milliseconds (1 s), election and promotion (about 1.3 s), with room for a loaded machine. */
    private static final Duration FOLLOW_BOUND = Duration.ofSeconds(12);
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
    void roleLabelsFollowAPrimaryKilledTogetherWithASentinel() throws Exception {
        bootstrap();

        reconcileRequests.drainPermits();
        cluster.kill("cache-sentinel-2");
        cluster.kill("cache-redis-0");
        long killedAt = System.nanoTime();

        EngineStatus status = awaitLabelsFollow(killedAt);
        assertThat(status.failovers()).isEqualTo(1L);
        assertThat(status.lastFailoverTime()).isNotNull();
        assertThat(status.problems()).extracting(f -> f.reason()).contains("MemberDown", "SentinelDown");

        engine.forget(ResourceRef.of(resource));
        assertThat(engine.watching(ResourceRef.of(resource))).isFalse();
    }

    @Test
    void roleLabelsFollowWhenTheFirstSentinelFreezesTogetherWithThePrimary() throws Exception {
        bootstrap();
        // A frozen process keeps its connections open and answers nothing, like a node that vanished:
        // a subscription to it alone would wait forever.
        ClusterFixture.freeze(cluster, "cache-sentinel-0");

        reconcileRequests.drainPermits();
        cluster.kill("cache-redis-0");
        long killedAt = System.nanoTime();

        EngineStatus status = awaitLabelsFollow(killedAt);
        assertThat(status.failovers()).isEqualTo(1L);
        assertThat(status.problems()).extracting(f -> f.reason()).contains("SentinelDown");
    }

    /** Reconciles until settled with cache-redis-0 labelled primary. */
    private void bootstrap() throws InterruptedException {
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
    }

    /**
     * Reconciles only when the engine's Sentinel subscription asks for it (no periodic resync here),
     * until the primary label has left the killed cache-redis-0, and checks it went to the member
     * the Sentinels promoted, within a bound well below anything but a working subscription.
     */
    private EngineStatus awaitLabelsFollow(long killedAt) throws InterruptedException {
        EngineStatus status = null;
        while (primaryLabelled().equals(List.of("cache-redis-0"))) {
            long left = FOLLOW_BOUND.toNanos() - (System.nanoTime() - killedAt);
            assertThat(left).as("the labels followed within " + FOLLOW_BOUND).isPositive();
            assertThat(reconcileRequests.tryAcquire(left, TimeUnit.NANOSECONDS))
                    .as("the Sentinel subscription asked for a reconcile within " + FOLLOW_BOUND + " of the kill").isTrue();
            reconcileRequests.drainPermits();
            status = reconcile();
        }
        LOG.info("The primary label followed {} ms after the kill", Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
        String promoted = cluster.actuator().primaryBySentinel(cluster.topology()).orElseThrow().name();
        assertThat(promoted).isNotEqualTo("cache-redis-0");
        assertThat(primaryLabelled()).containsExactly(promoted);
        assertThat(podLabels.get("cache-redis-0")).containsEntry(Labels.ROLE, Labels.ROLE_REPLICA);
        assertThat(status.primary()).isEqualTo(promoted);
        return status;
    }

    @Test
    void aWrongPasswordIsReportedAndChangesNothing() throws Exception {
        // Bootstrapped first: on members never set up, "changes nothing" could not fail.
        bootstrap();
        Map<String, String> before = ClusterFixture.steadyReplicationState(cluster, Duration.ofSeconds(30));
        Map<String, Map<String, String>> labelsBefore = copy(podLabels);

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
        assertThat(ClusterFixture.replicationState(cluster.actuator().observe(cluster.topology(), cluster.desiredState())))
                .isEqualTo(before);
        assertThat(podLabels).isEqualTo(labelsBefore);
    }

    private static Map<String, Map<String, String>> copy(Map<String, Map<String, String>> labels) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        labels.forEach((k, v) -> out.put(k, Map.copyOf(v)));
        return out;
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
