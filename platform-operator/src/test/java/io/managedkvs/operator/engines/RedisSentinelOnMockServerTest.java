package io.managedkvs.operator.engines;

import static io.managedkvs.operator.testing.OperatorHarness.NAMESPACE;
import static io.managedkvs.operator.testing.OperatorHarness.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.resource.Condition;
import io.managedkvs.api.resource.ExposeSpec;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.ManagedKVSStatus;
import io.managedkvs.api.resource.RaftKvSpec;
import io.managedkvs.api.resource.RedisSpec;
import io.managedkvs.operator.testing.OperatorHarness;
import io.managedkvs.operator.testing.ServerSideApplyCrudDispatcher.Call;
import io.managedkvs.redis.RedisSentinelEngine;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real Redis Sentinel engine driven by the operator against the mock API server. */
class RedisSentinelOnMockServerTest {

    private OperatorHarness harness;
    private RedisSentinelEngine redis;

    @BeforeEach
    void start() {
        harness = new OperatorHarness(trigger -> List.of(redis = new RedisSentinelEngine(PlatformSettings.defaults(), trigger)));
    }

    @AfterEach
    void stop() {
        harness.close();
        redis.close();
    }

    private static ManagedKVSSpec redisSpec() {
        return ManagedKVSSpec.of(RedisSentinelEngine.NAME, "7.2");
    }

    @Test
    void instanceIsReconciledIntoItsResourcesAndStatus() {
        harness.create(resource("cache", redisSpec()));
        ManagedKVS observed = harness.awaitObserved("cache");
        ManagedKVSStatus status = observed.getStatus();

        assertThat(status.condition(Condition.SPEC_VALID).orElseThrow().status()).isEqualTo(Condition.TRUE);
        assertThat(status.engine()).isEqualTo(RedisSentinelEngine.NAME);
        assertThat(status.credentialsSecret()).isEqualTo("cache-auth");
        assertThat(status.endpoints().readWrite()).isEqualTo("cache-rw.apps.svc:6379");
        assertThat(status.endpoints().sentinel()).isEqualTo("cache-sentinel.apps.svc:26379");
        assertThat(status.members().desired()).isEqualTo(3);
        assertThat(status.members().ready()).isZero();
        assertThat(status.ready()).isEqualTo("0/3");

        List<StatefulSet> sets = harness.client().apps().statefulSets().inNamespace(NAMESPACE).list().getItems();
        assertThat(sets).extracting(s -> s.getMetadata().getName()).containsExactlyInAnyOrder("cache-redis", "cache-sentinel");
        StatefulSet data = harness.client().apps().statefulSets().inNamespace(NAMESPACE).withName("cache-redis").get();
        assertThat(data.getSpec().getReplicas()).isEqualTo(3);
        assertThat(data.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("redis:7.2");

        List<Service> services = harness.client().services().inNamespace(NAMESPACE).list().getItems();
        assertThat(services).extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder("cache-rw", "cache-ro", "cache-sentinel", "cache-redis-headless", "cache-sentinel-headless");
        Service readWrite = harness.client().services().inNamespace(NAMESPACE).withName("cache-rw").get();
        assertThat(readWrite.getSpec().getSelector()).containsEntry(Labels.ROLE, Labels.ROLE_PRIMARY);

        List<PodDisruptionBudget> budgets = harness.client().policy().v1().podDisruptionBudget().inNamespace(NAMESPACE).list().getItems();
        assertThat(budgets).hasSize(2);

        List<HasMetadata> owned = new java.util.ArrayList<>();
        owned.addAll(sets);
        owned.addAll(services);
        owned.addAll(budgets);
        owned.addAll(harness.client().configMaps().inNamespace(NAMESPACE).list().getItems());
        owned.add(harness.client().secrets().inNamespace(NAMESPACE).withName("cache-auth").get());
        assertThat(owned).allSatisfy(o -> {
            assertThat(o.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> assertControlledBy(ref, observed));
            assertThat(o.getMetadata().getLabels())
                    .containsEntry(Labels.INSTANCE, "cache")
                    .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
                    .containsKey(Labels.COMPONENT);
        });
    }

    @Test
    void thePasswordAppearsOnlyInTheSecret() {
        harness.create(resource("cache", redisSpec()));
        harness.awaitObserved("cache");
        Secret secret = harness.client().secrets().inNamespace(NAMESPACE).withName("cache-auth").get();
        String password = new String(Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8);
        assertThat(password).hasSizeGreaterThanOrEqualTo(32);

        for (ConfigMap map : harness.client().configMaps().inNamespace(NAMESPACE).list().getItems()) {
            assertThat(map.getData().values()).noneMatch(v -> v.contains(password));
        }
        assertThat(harness.get("cache").getStatus().toString()).doesNotContain(password);
        assertThat(harness.events()).noneMatch(e -> e.getMessage().contains(password));
    }

    @Test
    void exposeAddsAnExternalService() {
        harness.create(resource("cache", redisSpec().withExpose(new ExposeSpec(ExposeSpec.ExposeType.NodePort, 30079, null, null))));
        harness.awaitObserved("cache");
        Service external = harness.client().services().inNamespace(NAMESPACE).withName("cache-external").get();
        assertThat(external).isNotNull();
        assertThat(external.getSpec().getType()).isEqualTo("NodePort");
        assertThat(external.getSpec().getPorts().get(0).getNodePort()).isEqualTo(30079);
        assertThat(external.getSpec().getSelector()).containsEntry(Labels.ROLE, Labels.ROLE_PRIMARY);
    }

    @Test
    void ownedDirectiveIsRefusedNamingItAndNothingIsCreated() {
        harness.create(resource("cache", redisSpec().withRedis(new RedisSpec(Map.of("port", "6380"), null, null, null, null))));
        assertRefused("cache", "spec.redis.config.port");
    }

    @Test
    void replicasZeroIsRefused() {
        harness.create(resource("cache", redisSpec().withReplicas(0)));
        assertRefused("cache", "spec.replicas");
    }

    @Test
    void raftKvSectionOnARedisInstanceIsRefused() {
        harness.create(resource("cache", redisSpec().withRaftKv(new RaftKvSpec(null, 3, null, null, null))));
        assertRefused("cache", "spec.raftKv");
    }

    @Test
    void downgradeBelowTheDataVersionIsRefusedAndTheMembersKeepTheirImage() {
        harness.create(resource("cache", redisSpec()));
        harness.awaitObserved("cache");
        // The data has been written by 7.2, as the status records once a rollout completes.
        harness.client().resources(ManagedKVS.class).inNamespace(NAMESPACE).withName("cache").editStatus(r -> {
            ManagedKVSStatus s = r.getStatus();
            r.setStatus(new ManagedKVSStatus(s.observedGeneration(), s.phase(), s.conditions(), s.engine(), "7.2", "7.2",
                    s.ready(), s.members(), s.primary(), s.endpoints(), s.credentialsSecret(), s.failovers(), s.lastBackup()));
            return r;
        });
        harness.awaitQuiet();

        harness.editSpec("cache", spec -> spec.withVersion("7.0"));
        ManagedKVS refused = harness.awaitObserved("cache");

        Condition specValid = refused.getStatus().condition(Condition.SPEC_VALID).orElseThrow();
        assertThat(specValid.status()).isEqualTo(Condition.FALSE);
        assertThat(specValid.message()).contains("spec.version").contains("7.2").contains("7.0");
        StatefulSet data = harness.client().apps().statefulSets().inNamespace(NAMESPACE).withName("cache-redis").get();
        assertThat(data.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("redis:7.2");
    }

    private void assertRefused(String name, String field) {
        ManagedKVS refused = harness.awaitObserved(name);
        Condition specValid = refused.getStatus().condition(Condition.SPEC_VALID).orElseThrow();
        assertThat(specValid.status()).isEqualTo(Condition.FALSE);
        assertThat(specValid.message()).contains(field + ":");
        assertThat(harness.dispatcher().calls()).filteredOn(Call::isApply).isEmpty();
        assertThat(harness.client().apps().statefulSets().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        assertThat(harness.client().services().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        assertThat(harness.events()).anySatisfy(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).contains(field);
        });
    }

    private static void assertControlledBy(OwnerReference ref, ManagedKVS owner) {
        assertThat(ref.getKind()).isEqualTo(ManagedKVS.KIND);
        assertThat(ref.getName()).isEqualTo(owner.getMetadata().getName());
        assertThat(ref.getUid()).isEqualTo(owner.getMetadata().getUid());
        assertThat(ref.getController()).isTrue();
    }
}
