package io.managedkvs.operator.rbac;

import static io.managedkvs.operator.testing.OperatorHarness.NAMESPACE;
import static io.managedkvs.operator.testing.OperatorHarness.fixtureSpec;
import static io.managedkvs.operator.testing.OperatorHarness.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.managedkvs.api.engine.ClusterChange;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.resource.AuthSpec;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.operator.fixture.FixtureEngine;
import io.managedkvs.operator.members.ClusterViewBuilder;
import io.managedkvs.operator.resources.OwnedKind;
import io.managedkvs.operator.resources.OwnedKinds;
import io.managedkvs.operator.testing.OperatorHarness;
import io.managedkvs.operator.testing.ServerSideApplyCrudDispatcher.Call;
import io.managedkvs.redis.RedisSentinelEngine;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The other half of "RBAC is derived from one list": every request the operator actually makes,
 * through every path a reconcile can take, is allowed by {@link OperatorPermissions}. The chart
 * tests prove the rendered roles grant exactly that list; this proves the list is enough.
 */
class OperatorCallsArePermittedTest {

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

    @Test
    void everyRequestOfEveryReconcilePathIsPermitted() {
        // Create (generated Secret, applies), members labelled and restarted, a prune, a rejected spec,
        // a named Secret read directly, a real engine's resources, deletion.
        harness.create(resource("cache", fixtureSpec("1.2", 2)));
        harness.awaitObserved("cache");
        StatefulSet set = harness.client().apps().statefulSets().inNamespace(NAMESPACE).withName("cache")
                .editStatus(s -> new StatefulSetBuilder(s).withNewStatus().withReplicas(2).withReadyReplicas(2)
                        .withUpdateRevision("rev").endStatus().build());
        createPod(set, "cache-0");
        createPod(set, "cache-1");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(harness.client().pods().inNamespace(NAMESPACE)
                .withName("cache-0").get().getMetadata().getLabels()).containsEntry(Labels.ROLE, Labels.ROLE_PRIMARY));
        // Both pods in the operator's view first, or a reconcile woken by their creation may take the plan and ignore it.
        harness.awaitQuiet();
        harness.engine.planChanges(List.of(new ClusterChange.RestartMember("cache-1", "test")));
        harness.reconcileNow("cache");
        createPod(set, "cache-1");
        harness.client().resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data-cache-1").withNamespace(NAMESPACE)
                .withLabels(Labels.of(FixtureEngine.NAME, "cache", FixtureEngine.COMPONENT)).endMetadata().build()).create();
        harness.awaitQuiet();
        harness.engine.planChanges(List.of(new ClusterChange.ReplaceMember("cache-1", List.of("data-cache-1"), "test")));
        harness.reconcileNow("cache");
        harness.editSpec("cache", spec -> spec.withReplicas(1));
        harness.awaitObserved("cache");
        harness.editSpec("cache", spec -> spec.withReplicas(20));
        harness.awaitObserved("cache");

        harness.client().resource(new SecretBuilder().withNewMetadata().withName("team-password").withNamespace(NAMESPACE).endMetadata()
                .withStringData(Map.of("password", "from-the-team")).build()).create();
        harness.create(resource("shared", fixtureSpec("1.2", 1).withAuth(new AuthSpec(true, "team-password"))));
        harness.awaitObserved("shared");
        harness.create(resource("sessions", ManagedKVSSpec.of(RedisSentinelEngine.NAME, "7.2")));
        harness.awaitObserved("sessions");
        harness.client().resources(ManagedKVS.class).inNamespace(NAMESPACE).withName("shared").delete();
        harness.awaitQuiet();

        Set<String> used = new TreeSet<>();
        for (Call call : harness.dispatcher().calls()) {
            if (OperatorHarness.OPERATOR_USER_AGENT.equals(call.userAgent())) {
                used.addAll(RequestPermissions.of(call));
            }
        }
        assertThat(used).as("the scenario exercised the operator").contains(
                "apps/statefulsets:create", "/secrets:create", "/pods:patch", "/pods:delete", "/events:create",
                "managedkvs.io/managedkvses/status:patch", "/secrets:get", "/persistentvolumeclaims:delete");

        Set<String> granted = RequestPermissions.granted();
        assertThat(granted).as("OperatorPermissions.rules()").containsAll(used);

        // And nothing beyond: each granted permission is used here, or is a verb the generic apply and
        // prune path uses on one applied kind and so may use on every other (this scenario prunes only a
        // PodDisruptionBudget), or is leader election, which the tests run without.
        Set<String> unused = new TreeSet<>(granted);
        unused.removeAll(used);
        for (OwnedKind kind : OwnedKinds.applied()) {
            for (String verb : kind.verbs()) {
                boolean usedOnAnotherAppliedKind = OwnedKinds.applied().stream()
                        .anyMatch(other -> used.contains(other.apiGroup() + "/" + other.resource() + ":" + verb));
                if (usedOnAnotherAppliedKind) {
                    unused.remove(kind.apiGroup() + "/" + kind.resource() + ":" + verb);
                }
            }
        }
        unused.removeIf(p -> p.startsWith(OperatorPermissions.COORDINATION_GROUP + "/leases:"));
        // The backup reconciler's own calls are checked where it runs: BackupReconcilerTest and BackupScheduleOnMockServerTest.
        unused.removeAll(RequestPermissions.BACKUPS);
        assertThat(unused).as("granted but never used").isEmpty();
    }

    private void createPod(StatefulSet set, String name) {
        Map<String, String> labels = new HashMap<>(Labels.of(FixtureEngine.NAME, "cache", FixtureEngine.COMPONENT));
        labels.put(ClusterViewBuilder.REVISION_LABEL, "rev");
        harness.client().resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).withLabels(labels)
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("StatefulSet").withName("cache")
                .withUid(set.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata()
                .withNewSpec().addNewContainer().withName("server").withImage("example.org/fixture-kv:1.2").endContainer().endSpec()
                .withNewStatus().withPodIP("127.0.0.2").addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build()).create();
    }
}
