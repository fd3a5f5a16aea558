package io.managedkvs.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.managedkvs.api.engine.ClusterView;
import io.managedkvs.api.engine.EngineStatus;
import io.managedkvs.api.engine.Member;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.engine.ResourceRef;
import io.managedkvs.api.resource.ExposeSpec;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.ManagedKVSStatus;
import io.managedkvs.redis.actuator.DesiredState;
import io.managedkvs.redis.actuator.Observation;
import io.managedkvs.redis.actuator.Plan;
import io.managedkvs.redis.actuator.Topology;
import io.managedkvs.redis.config.DirectiveCatalogue;
import io.managedkvs.redis.model.RedisSentinelModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisSentinelEngineTest {

    private final RedisSentinelEngine engine = new RedisSentinelEngine(PlatformSettings.defaults(), ref -> { });
    private final ManagedKVS resource = new ManagedKVS("prod", "cache", ManagedKVSSpec.of("redis-sentinel", "7.2")
            .withExpose(new ExposeSpec(ExposeSpec.ExposeType.NodePort, 30001, null, null)));

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void isTheRedisSentinelEngine() {
        assertThat(engine.name()).isEqualTo("redis-sentinel");
        assertThat(engine.validate(resource)).isEmpty();
        assertThat(engine.desiredResources(resource)).isNotEmpty();
    }

    @Test
    void passwordsSentinelCannotPersistAreRecognised() {
        assertThat(RedisSentinelEngine.sentinelSafe("Zq8$\\`x!_-")).isTrue();
        assertThat(RedisSentinelEngine.sentinelSafe("two words")).isFalse();
        assertThat(RedisSentinelEngine.sentinelSafe("quo\"te")).isFalse();
        assertThat(RedisSentinelEngine.sentinelSafe("it's")).isFalse();
    }

    @Test
    void podsAreRegisteredByDnsNameAndDialledByIp() {
        ClusterView view = new ClusterView(List.of(
                new Member("cache-redis-0", "redis", "10.1.0.5", true, false, true, Map.of()),
                new Member("cache-redis-1", "redis", "", false, false, true, Map.of()),
                new Member("cache-redis-2", "redis", "10.1.0.7", true, true, true, Map.of()),
                new Member("cache-sentinel-0", "sentinel", "10.1.1.5", true, false, true, Map.of())), List.of(), Optional.empty());

        Topology t = new PodAddressing().topology(resource, view);

        assertThat(t.masterName()).isEqualTo("cache");
        assertThat(t.redis()).extracting(e -> e.name() + "@" + e.host() + ":" + e.port() + " via " + e.dialHost()).containsExactly(
                "cache-redis-0@cache-redis-0.cache-redis-headless.prod.svc:6379 via 10.1.0.5",
                "cache-redis-1@cache-redis-1.cache-redis-headless.prod.svc:6379 via cache-redis-1.cache-redis-headless.prod.svc");
        assertThat(t.sentinels()).singleElement().satisfies(e -> {
            assertThat(e.host()).isEqualTo("cache-sentinel-0.cache-sentinel-headless.prod.svc");
            assertThat(e.port()).isEqualTo(26379);
        });
    }

    @Test
    void membersAreUpToDateWhenTheirTemplateHashMatches() {
        String hash = new RedisSentinelModel(PlatformSettings.defaults(), DirectiveCatalogue.standard())
                .redisTemplateHash(resource);
        ClusterView view = new ClusterView(List.of(
                new Member("cache-redis-0", "redis", "10.1.0.5", true, false, false, Map.of(RedisSentinelModel.TEMPLATE_HASH_LABEL, hash)),
                new Member("cache-redis-1", "redis", "10.1.0.6", true, false, true, Map.of(RedisSentinelModel.TEMPLATE_HASH_LABEL, "old")),
                new Member("cache-redis-2", "redis", "10.1.0.7", false, false, true, Map.of())), List.of(), Optional.empty());

        DesiredState desired = engine.desiredState(resource, view);

        assertThat(desired.facts("cache-redis-0").upToDate()).as("the hash wins over the revision").isTrue();
        assertThat(desired.facts("cache-redis-1").upToDate()).isFalse();
        assertThat(desired.facts("cache-redis-2").upToDate()).as("no label: the revision decides").isTrue();
        assertThat(desired.facts("cache-redis-2").ready()).isFalse();
        assertThat(desired.dataMembers()).isEqualTo(3);
    }

    @Test
    void midRolloutTheNewestVersionAMemberRunsIsReportedAndADowngradeBelowItIsRefused() {
        ManagedKVS upgrading = new ManagedKVS("prod", "cache", ManagedKVSSpec.of("redis-sentinel", "7.4"));
        upgrading.setStatus(status("7.2", "7.2"));
        // The rollout restarted one replica so far: it runs 7.4 and may already have written RDB format 12.
        ClusterView view = new ClusterView(List.of(
                new Member("cache-redis-0", "redis", "10.1.0.5", true, false, false, Map.of(RedisSentinelModel.VERSION_LABEL, "7.2")),
                new Member("cache-redis-1", "redis", "10.1.0.6", true, false, false, Map.of(RedisSentinelModel.VERSION_LABEL, "7.2")),
                new Member("cache-redis-2", "redis", "10.1.0.7", true, false, true, Map.of(RedisSentinelModel.VERSION_LABEL, "7.4"))),
                List.of(), Optional.empty());
        Topology topology = new PodAddressing().topology(upgrading, view);
        RedisObservation o = new RedisObservation(topology, engine.desiredState(upgrading, view),
                new Observation(topology, List.of(), List.of(), Instant.EPOCH),
                new Plan(Optional.of("cache-redis-0"), List.of(), List.of(), List.of(), List.of(), 3, false));

        EngineStatus status = engine.status(upgrading, view, o);

        assertThat(status.rolloutDone()).isFalse();
        assertThat(status.version()).as("not every member runs 7.4 yet").isNull();
        assertThat(status.newestVersionRun()).isEqualTo("7.4");

        // The operator moves status.dataVersion to the newest version run; going back is then refused.
        ManagedKVS back = new ManagedKVS("prod", "cache", ManagedKVSSpec.of("redis-sentinel", "7.2"));
        back.setStatus(status("7.2", status.newestVersionRun()));
        assertThat(engine.validate(back)).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("spec.version");
            assertThat(v.message()).contains("cannot downgrade to 7.2", "Redis 7.4");
        });
    }

    @Test
    void everyPodTemplateCarriesTheVersionItRuns() {
        assertThat(engine.desiredResources(resource)).filteredOn(r -> r instanceof StatefulSet)
                .hasSize(2).allSatisfy(r -> assertThat(((StatefulSet) r).getSpec().getTemplate().getMetadata().getLabels())
                        .containsEntry(RedisSentinelModel.VERSION_LABEL, "7.2"));
    }

    private static ManagedKVSStatus status(String version, String dataVersion) {
        return new ManagedKVSStatus(1L, null, List.of(), "redis-sentinel", version, dataVersion, null, null, "cache-redis-0", null, null,
                null, null);
    }

    @Test
    void withoutTheSecretYetNothingIsContactedAndTheStatusSaysWhy() {
        RedisSentinelEngine quick = new RedisSentinelEngine(PlatformSettings.defaults(), ref -> { }, new PodAddressing(),
                Clock.systemUTC(), Duration.ofMillis(100));
        ClusterView view = new ClusterView(List.of(new Member("cache-redis-0", "redis", "10.255.255.1", true, false, true, Map.of())),
                List.of(), Optional.empty());

        RedisObservation o = quick.observe(resource, view);
        EngineStatus status = quick.status(resource, view, o);

        assertThat(quick.act(resource, view, o)).isEmpty();
        assertThat(quick.watching(ResourceRef.of(resource))).isFalse();
        assertThat(status.problems()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo("CredentialsMissing");
            assertThat(f.message()).contains("cache-auth");
        });
        assertThat(status.endpoints().readWrite()).isEqualTo("cache-rw.prod.svc:6379");
        assertThat(status.endpoints().readOnly()).isEqualTo("cache-ro.prod.svc:6379");
        assertThat(status.endpoints().sentinel()).isEqualTo("cache-sentinel.prod.svc:26379");
        assertThat(status.endpoints().external()).contains("cache-external", "NodePort", "30001");
        assertThat(status.rolloutDone()).isFalse();
        assertThat(status.membersDesired()).isEqualTo(3);
        quick.close();
    }
}
