package io.managedkvs.operator.reconcile;

import static io.managedkvs.operator.testing.OperatorHarness.NAMESPACE;
import static io.managedkvs.operator.testing.OperatorHarness.fixtureSpec;
import static io.managedkvs.operator.testing.OperatorHarness.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.managedkvs.api.engine.Credentials;
import io.managedkvs.api.engine.EngineStatus;
import io.managedkvs.api.resource.AuthSpec;
import io.managedkvs.api.resource.Condition;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.Phase;
import io.managedkvs.operator.fixture.FixtureEngine;
import io.managedkvs.operator.resources.AppliedHash;
import io.managedkvs.operator.testing.OperatorHarness;
import io.managedkvs.operator.testing.ServerSideApplyCrudDispatcher.Call;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Create, change, prune, idempotency and condition timestamps, against the mock API server. */
class ReconcileLifecycleTest {

    private OperatorHarness harness;

    @BeforeEach
    void start() {
        harness = new OperatorHarness();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void createAppliesOwnedLabelledResourcesAndGeneratesCredentials() {
        ManagedKVS created = harness.create(resource("cache", fixtureSpec("1.2", 3)));
        ManagedKVS observed = harness.awaitObserved("cache");
        String uid = created.getMetadata().getUid();

        List<HasMetadata> owned = List.of(
                get(ConfigMap.class, "cache-config"), get(Service.class, "cache"), get(StatefulSet.class, "cache"),
                get(PodDisruptionBudget.class, "cache-pdb"));
        for (HasMetadata object : owned) {
            assertThat(object.getMetadata().getOwnerReferences()).as(object.getKind()).singleElement().satisfies(ref -> {
                assertThat(ref.getUid()).isEqualTo(uid);
                assertThat(ref.getKind()).isEqualTo(ManagedKVS.KIND);
                assertThat(ref.getController()).isTrue();
                assertThat(ref.getBlockOwnerDeletion()).isTrue();
            });
            assertThat(object.getMetadata().getLabels()).as(object.getKind())
                    .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
                    .containsEntry(Labels.INSTANCE, "cache")
                    .containsEntry(Labels.NAME, FixtureEngine.NAME)
                    .containsEntry(Labels.COMPONENT, FixtureEngine.COMPONENT);
            assertThat(object.getMetadata().getAnnotations()).as(object.getKind()).containsKey(AppliedHash.ANNOTATION);
        }
        assertThat(harness.dispatcher().calls()).filteredOn(Call::isApply).hasSize(4);
        assertThat(get(StatefulSet.class, "cache").getSpec().getReplicas()).isEqualTo(3);

        Secret secret = get(Secret.class, "cache-auth");
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
                .extracting(OwnerReference::getUid).isEqualTo(uid);
        assertThat(secret.getMetadata().getLabels()).containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
                .containsEntry(Labels.INSTANCE, "cache");
        String password = new String(Base64.getDecoder().decode(secret.getData().get(AuthSpec.PASSWORD_KEY)), StandardCharsets.UTF_8);
        assertThat(password).hasSize(43);
        assertThat(harness.engine.credentialsSeen()).last()
                .isEqualTo(Optional.of(new Credentials("cache-auth", password)));

        assertThat(observed.getStatus().phase()).isEqualTo(Phase.Pending);
        assertThat(observed.getStatus().engine()).isEqualTo(FixtureEngine.NAME);
        assertThat(observed.getStatus().credentialsSecret()).isEqualTo("cache-auth");
        assertThat(observed.getStatus().ready()).isEqualTo("0/3");
        assertThat(observed.getStatus().endpoints().readWrite()).isEqualTo("cache.apps.svc:7000");
        assertThat(observed.getStatus().conditions()).extracting(Condition::type)
                .containsExactly(Condition.READY, Condition.PROGRESSING, Condition.DEGRADED, Condition.SPEC_VALID);
        assertThat(observed.getStatus().condition(Condition.SPEC_VALID)).get()
                .satisfies(c -> assertThat(c.status()).isEqualTo(Condition.TRUE))
                .satisfies(c -> assertThat(c.observedGeneration()).isEqualTo(1L))
                .satisfies(c -> assertThat(c.lastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z"));
        assertThat(observed.getStatus().condition(Condition.READY)).get()
                .satisfies(c -> assertThat(c.reason()).isEqualTo("MembersNotReady"));
    }

    @Test
    void specChangeUpdatesResourcesAndPrunesWhatIsNoLongerDesired() {
        harness.create(resource("cache", fixtureSpec("1.2", 3)));
        harness.awaitObserved("cache");
        assertThat(get(PodDisruptionBudget.class, "cache-pdb")).isNotNull();

        harness.editSpec("cache", spec -> spec.withReplicas(1).withVersion("1.3"));
        ManagedKVS observed = harness.awaitObserved("cache");

        assertThat(observed.getStatus().observedGeneration()).isEqualTo(2L);
        assertThat(get(StatefulSet.class, "cache").getSpec().getReplicas()).isEqualTo(1);
        assertThat(get(StatefulSet.class, "cache").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .endsWith(":1.3");
        assertThat(get(ConfigMap.class, "cache-config").getData()).containsEntry("version", "1.3").containsEntry("replicas", "1");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(harness.client().policy().v1().podDisruptionBudget().inNamespace(NAMESPACE).withName("cache-pdb").get()).isNull());
        assertThat(get(Secret.class, "cache-auth")).as("the generated Secret is never pruned").isNotNull();
        assertThat(get(Service.class, "cache")).isNotNull();
    }

    @Test
    void secondReconcileOfAnUnchangedResourceWritesNothing() {
        harness.create(resource("cache", fixtureSpec("1.2", 3)));
        harness.awaitObserved("cache");
        harness.awaitQuiet();
        int before = harness.dispatcher().callCount();

        harness.reconcileNow("cache");
        harness.reconcileNow("cache");

        assertThat(harness.dispatcher().callsSince(before)).filteredOn(Call::isWrite).isEmpty();
    }

    @Test
    void anObjectChangedByHandIsRestoredAndTheChangeReported() {
        harness.create(resource("cache", fixtureSpec("1.2", 3)));
        harness.awaitObserved("cache");
        harness.awaitQuiet();

        harness.client().apps().statefulSets().inNamespace(NAMESPACE).withName("cache")
                .edit(s -> { s.getSpec().setReplicas(7); return s; });
        harness.client().services().inNamespace(NAMESPACE).withName("cache")
                .edit(s -> { s.getSpec().getSelector().put(Labels.INSTANCE, "other"); return s; });
        harness.reconcileNow("cache");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(get(StatefulSet.class, "cache").getSpec().getReplicas()).isEqualTo(3);
            assertThat(get(Service.class, "cache").getSpec().getSelector()).containsEntry(Labels.INSTANCE, "cache");
        });
        assertThat(harness.events()).filteredOn(e -> "DriftReverted".equals(e.getReason()))
                .extracting(e -> e.getMessage())
                .anySatisfy(m -> assertThat(m).contains("StatefulSet/cache").contains("/spec/replicas"))
                .anySatisfy(m -> assertThat(m).contains("Service/cache").contains("/spec/selector/app.kubernetes.io~1instance"));

        harness.awaitQuiet();
        int before = harness.dispatcher().callCount();
        harness.reconcileNow("cache");
        assertThat(harness.dispatcher().callsSince(before)).filteredOn(Call::isWrite).isEmpty();
    }

    @Test
    void valuesTheServerRewritesOnApplyAreNotDrift() {
        harness.dispatcher().normaliseOnApply(object -> {
            JsonNode requests = object.at("/spec/template/spec/containers/0/resources/requests");
            if (requests instanceof ObjectNode r && FixtureEngine.MEMORY_REQUEST.equals(r.path("memory").asText())) {
                r.put("memory", "512Mi");
            }
            return object;
        });
        harness.create(resource("cache", fixtureSpec("1.2", 3)));
        harness.awaitObserved("cache");
        harness.awaitQuiet();
        assertThat(get(StatefulSet.class, "cache").getSpec().getTemplate().getSpec().getContainers().get(0)
                .getResources().getRequests().get("memory")).as("stored as the server rewrote it").hasToString("512Mi");
        int before = harness.dispatcher().callCount();

        harness.reconcileNow("cache");
        harness.reconcileNow("cache");

        assertThat(harness.dispatcher().callsSince(before)).filteredOn(Call::isWrite).isEmpty();
        assertThat(harness.events()).noneMatch(e -> "DriftReverted".equals(e.getReason()));
    }

    @Test
    void fieldsOthersAddToAnObjectAreNotDrift() {
        harness.create(resource("cache", fixtureSpec("1.2", 3)));
        harness.awaitObserved("cache");
        harness.client().services().inNamespace(NAMESPACE).withName("cache")
                .edit(s -> { s.getMetadata().getAnnotations().put("team.example.com/owner", "storage"); return s; });
        harness.awaitQuiet();
        int before = harness.dispatcher().callCount();

        harness.reconcileNow("cache");

        assertThat(harness.dispatcher().callsSince(before)).filteredOn(Call::isWrite).isEmpty();
        assertThat(get(Service.class, "cache").getMetadata().getAnnotations()).containsEntry("team.example.com/owner", "storage");
    }

    @Test
    void conditionsKeepTheirTransitionTimeUnlessTheirStatusChanges() {
        harness.create(resource("cache", fixtureSpec("1.2", 3)));
        List<Condition> first = harness.awaitObserved("cache").getStatus().conditions();

        harness.clock.advance(Duration.ofHours(1));
        harness.editSpec("cache", spec -> spec.withVersion("1.3"));
        List<Condition> second = harness.awaitObserved("cache").getStatus().conditions();
        assertThat(second).extracting(Condition::lastTransitionTime)
                .containsExactlyElementsOf(first.stream().map(Condition::lastTransitionTime).toList());
        assertThat(second).extracting(Condition::observedGeneration).containsOnly(2L);

        harness.clock.advance(Duration.ofHours(1));
        harness.engine.setProblems(List.of(EngineStatus.Finding.degraded("ReplicaLagging", "server cache-2 lags")));
        harness.reconcileNow("cache");
        ManagedKVS degraded = harness.get("cache");
        assertThat(degraded.getStatus().condition(Condition.DEGRADED)).get().satisfies(c -> {
            assertThat(c.status()).isEqualTo(Condition.TRUE);
            assertThat(c.reason()).isEqualTo("ReplicaLagging");
            assertThat(c.lastTransitionTime()).isEqualTo("2026-01-01T02:00:00Z");
        });
        assertThat(degraded.getStatus().condition(Condition.SPEC_VALID).orElseThrow().lastTransitionTime())
                .isEqualTo("2026-01-01T00:00:00Z");
        assertThat(harness.events()).anySatisfy(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getReason()).isEqualTo("ReplicaLagging");
            assertThat(e.getInvolvedObject().getName()).isEqualTo("cache");
        });
    }

    @Test
    void deletionDropsInstanceMetricsAndLetsTheEngineForget() {
        harness.create(resource("cache", fixtureSpec("1.2", 1)));
        harness.awaitObserved("cache");
        assertThat(harness.meters.scrape()).contains("managedkvs_members_desired{engine=\"fixture-kv\",instance=\"cache\",namespace=\"apps\",} 1.0");

        harness.client().resource(harness.get("cache")).delete();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(harness.engine.forgotten()).extracting(Object::toString).containsExactly("apps/cache"));
        assertThat(harness.meters.scrape()).doesNotContain("instance=\"cache\"");
    }

    private <T extends HasMetadata> T get(Class<T> type, String name) {
        return harness.client().resources(type).inNamespace(NAMESPACE).withName(name).get();
    }
}
