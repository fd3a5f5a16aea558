package io.managedkvs.operator.members;

import static io.managedkvs.operator.testing.OperatorHarness.NAMESPACE;
import static io.managedkvs.operator.testing.OperatorHarness.fixtureSpec;
import static io.managedkvs.operator.testing.OperatorHarness.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.managedkvs.api.engine.ClusterChange;
import io.managedkvs.api.resource.AuthSpec;
import io.managedkvs.api.resource.Condition;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.Phase;
import io.managedkvs.operator.fixture.FixtureEngine;
import io.managedkvs.operator.testing.OperatorHarness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Member pods in the cluster view, the engine's label and restart changes, and engine failures. */
class MembersTest {

    private OperatorHarness harness;
    private StatefulSet statefulSet;

    @BeforeEach
    void startWithTwoMembers() {
        harness = new OperatorHarness();
        harness.create(resource("cache", fixtureSpec("1.2", 2)));
        harness.awaitObserved("cache");
        statefulSet = harness.client().apps().statefulSets().inNamespace(NAMESPACE).withName("cache")
                .editStatus(s -> new StatefulSetBuilder(s).withNewStatus().withReplicas(2).withReadyReplicas(2)
                        .withUpdateRevision("cache-rev2").endStatus().build());
        createPod("cache-0", "cache", "cache-rev2", true);
        createPod("cache-1", "cache", "cache-rev2", true);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void readyMembersMakeTheInstanceReadyAndTheEngineLabelsThePrimary() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(pod("cache-0").getMetadata().getLabels()).containsEntry(Labels.ROLE, Labels.ROLE_PRIMARY));
        assertThat(pod("cache-1").getMetadata().getLabels()).doesNotContainKey(Labels.ROLE);

        harness.reconcileNow("cache");
        ManagedKVS ready = harness.get("cache");
        assertThat(ready.getStatus().phase()).isEqualTo(Phase.Ready);
        assertThat(ready.getStatus().ready()).isEqualTo("2/2");
        assertThat(ready.getStatus().primary()).isEqualTo("cache-0");
        assertThat(ready.getStatus().version()).isEqualTo("1.2");
        assertThat(ready.getStatus().dataVersion()).isEqualTo("1.2");
        assertThat(ready.getStatus().condition(Condition.READY).orElseThrow().status()).isEqualTo(Condition.TRUE);
        assertThat(harness.events()).extracting(Event::getReason).contains("InstanceReady");
        assertThat(harness.meters.scrape())
                .contains("managedkvs_members_ready{engine=\"fixture-kv\",instance=\"cache\",namespace=\"apps\",} 2.0")
                .contains("managedkvs_instances{engine=\"fixture-kv\",phase=\"Ready\",} 1.0");
    }

    @Test
    void labelChangesAddAndRemoveLabelsOnMembersOnly() {
        createPod("other-0", "other", "x", true);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(pod("cache-0").getMetadata().getLabels()).containsEntry(Labels.ROLE, Labels.ROLE_PRIMARY));
        harness.awaitQuiet();
        Map<String, String> demote = new HashMap<>();
        demote.put(Labels.ROLE, null);
        harness.engine.planChanges(List.of(
                new ClusterChange.LabelMember("cache-0", demote),
                new ClusterChange.LabelMember("cache-1", Map.of(Labels.ROLE, Labels.ROLE_PRIMARY)),
                new ClusterChange.LabelMember("other-0", Map.of(Labels.ROLE, Labels.ROLE_PRIMARY))));

        harness.reconcileNow("cache");

        assertThat(pod("cache-0").getMetadata().getLabels()).doesNotContainKey(Labels.ROLE)
                .containsEntry(Labels.INSTANCE, "cache");
        assertThat(pod("cache-1").getMetadata().getLabels()).containsEntry(Labels.ROLE, Labels.ROLE_PRIMARY);
        assertThat(pod("other-0").getMetadata().getLabels()).as("not a member of this instance").doesNotContainKey(Labels.ROLE);
    }

    @Test
    void aPromotionTakesThePrimaryLabelOffAnyOtherPodFirst() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(pod("cache-0").getMetadata().getLabels()).containsEntry(Labels.ROLE, Labels.ROLE_PRIMARY));
        harness.awaitQuiet();
        // The engine only asks for the promotion, as it would with a cache that has not seen cache-0's label.
        harness.engine.planChanges(List.of(new ClusterChange.LabelMember("cache-1", Map.of(Labels.ROLE, Labels.ROLE_PRIMARY))));

        harness.reconcileNow("cache");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(pod("cache-1").getMetadata().getLabels()).containsEntry(Labels.ROLE, Labels.ROLE_PRIMARY));
        assertThat(pod("cache-0").getMetadata().getLabels()).containsEntry(Labels.ROLE, Labels.ROLE_REPLICA);
    }

    @Test
    void restartDeletesTheMemberPodAndRecordsAnEvent() {
        // Both pods in the operator's view first: a reconcile woken by their creation would otherwise take
        // the planned change while cache-1 is not a member yet, and ignore it.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(pod("cache-0").getMetadata().getLabels()).containsEntry(Labels.ROLE, Labels.ROLE_PRIMARY));
        harness.awaitQuiet();
        harness.engine.planChanges(List.of(new ClusterChange.RestartMember("cache-1", "its configuration changed")));

        harness.reconcileNow("cache");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(pod("cache-1")).isNull());
        assertThat(pod("cache-0")).isNotNull();
        assertThat(harness.events()).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("MemberRestarted");
            assertThat(e.getMessage()).isEqualTo("restarted pod cache-1: its configuration changed");
        });
    }

    @Test
    void replaceDeletesTheMembersOwnClaimsAndPodButNeverAnotherInstancesClaim() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(pod("cache-0").getMetadata().getLabels()).containsEntry(Labels.ROLE, Labels.ROLE_PRIMARY));
        createClaim("data-cache-1", "cache");
        createClaim("data-other-1", "other");
        harness.awaitQuiet();
        harness.engine.planChanges(List.of(new ClusterChange.ReplaceMember("cache-1", List.of("data-cache-1", "data-other-1"),
                "its store stayed down")));

        harness.reconcileNow("cache");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(pod("cache-1")).isNull());
        assertThat(claim("data-cache-1")).isNull();
        assertThat(claim("data-other-1")).as("a claim of another instance is kept, whatever the engine names").isNotNull();
        assertThat(pod("cache-0")).isNotNull();
        assertThat(harness.events()).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("MemberReplaced");
            assertThat(e.getMessage()).contains("cache-1", "its store stayed down");
        });
    }

    private void createClaim(String name, String instance) {
        harness.client().resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE)
                .withLabels(Labels.of(FixtureEngine.NAME, instance, FixtureEngine.COMPONENT)).endMetadata().build()).create();
    }

    private PersistentVolumeClaim claim(String name) {
        return harness.client().persistentVolumeClaims().inNamespace(NAMESPACE).withName(name).get();
    }

    @Test
    void membersOnAnOldRevisionMeanTheRolloutIsInProgress() {
        harness.client().pods().inNamespace(NAMESPACE).withName("cache-1")
                .edit(p -> new PodBuilder(p).editMetadata().addToLabels(ClusterViewBuilder.REVISION_LABEL, "cache-rev1").endMetadata().build());

        harness.reconcileNow("cache");

        Condition progressing = harness.get("cache").getStatus().condition(Condition.PROGRESSING).orElseThrow();
        assertThat(progressing.status()).isEqualTo(Condition.TRUE);
        assertThat(progressing.reason()).isEqualTo("RollingOut");
    }

    @Test
    void anEngineFailureIsRecordedWithoutTheSecretAndClearsOnTheNextReconcile() {
        harness.reconcileNow("cache");
        String password = new String(Base64.getDecoder().decode(harness.client().secrets().inNamespace(NAMESPACE)
                .withName("cache-auth").get().getData().get(AuthSpec.PASSWORD_KEY)), StandardCharsets.UTF_8);
        harness.engine.failNextObserve(new IllegalStateException("AUTH failed for password " + password));

        harness.reconcileNow("cache");

        ManagedKVS failed = harness.get("cache");
        Condition degraded = failed.getStatus().condition(Condition.DEGRADED).orElseThrow();
        assertThat(degraded.status()).isEqualTo(Condition.TRUE);
        assertThat(degraded.reason()).isEqualTo("EngineError");
        assertThat(degraded.message()).isEqualTo("engine fixture-kv failed in observe: IllegalStateException: AUTH failed for password ****");
        assertThat(failed.getStatus().condition(Condition.PROGRESSING).orElseThrow().status()).isEqualTo(Condition.UNKNOWN);
        assertThat(failed.getStatus().phase()).as("was ready before").isEqualTo(Phase.Degraded);
        assertThat(harness.events()).filteredOn(e -> "EngineError".equals(e.getReason())).singleElement()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(password));
        assertThat(harness.meters.scrape()).contains("managedkvs_reconciliation_errors_total{engine=\"fixture-kv\",} 1.0");

        harness.reconcileNow("cache");
        ManagedKVS recovered = harness.get("cache");
        assertThat(recovered.getStatus().condition(Condition.DEGRADED).orElseThrow().status()).isEqualTo(Condition.FALSE);
        assertThat(recovered.getStatus().phase()).isEqualTo(Phase.Ready);
        assertThat(harness.events()).extracting(Event::getReason).contains("Recovered");
    }

    @Test
    void failoversReportedByTheEngineAreCountedOnce() {
        harness.reconcileNow("cache");
        harness.engine.setFailovers(2);
        harness.reconcileNow("cache");
        harness.reconcileNow("cache");

        assertThat(harness.get("cache").getStatus().failovers().count()).isEqualTo(2L);
        assertThat(harness.meters.scrape())
                .contains("managedkvs_failovers_total{engine=\"fixture-kv\",instance=\"cache\",namespace=\"apps\",} 2.0");
    }

    private void createPod(String name, String instance, String revision, boolean ready) {
        Map<String, String> labels = new HashMap<>(Labels.of(FixtureEngine.NAME, instance, FixtureEngine.COMPONENT));
        labels.put(ClusterViewBuilder.REVISION_LABEL, revision);
        harness.client().resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).withLabels(labels)
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("StatefulSet").withName(instance)
                .withUid(statefulSet.getMetadata().getUid()).withController(true).endOwnerReference()
                .endMetadata()
                .withNewSpec().addNewContainer().withName("server").withImage("example.org/fixture-kv:1.2").endContainer().endSpec()
                .withNewStatus().withPodIP("127.0.0." + (name.hashCode() & 0x7f)).addNewCondition().withType("Ready")
                .withStatus(ready ? "True" : "False").endCondition().endStatus()
                .build()).create();
    }

    private Pod pod(String name) {
        return harness.client().pods().inNamespace(NAMESPACE).withName(name).get();
    }
}
