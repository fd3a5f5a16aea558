package io.managedkvs.operator.app;

import static io.managedkvs.operator.testing.OperatorHarness.NAMESPACE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.engine.ResourceRef;
import io.managedkvs.api.resource.Condition;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.operator.engine.EngineRegistry;
import io.managedkvs.operator.engine.ReconcileTriggerSource;
import io.managedkvs.operator.fixture.FixtureEngine;
import io.managedkvs.operator.reconcile.ManagedKvsReconciler;
import io.managedkvs.operator.reconcile.ReconcileSettings;
import io.managedkvs.operator.testing.MockApiServer;
import io.managedkvs.raftkv.engine.RaftKvEngine;
import io.managedkvs.redis.RedisSentinelEngine;
import io.managedkvs.operator.testing.MockApiServerResource;
import io.managedkvs.operator.testing.MockApiServerResource.InjectMockApiServer;
import io.managedkvs.operator.testing.ServerSideApplyCrudDispatcher.Call;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The application boots with CDI wiring, configuration, health and metrics, against the mock API server. */
@QuarkusTest
@WithTestResource(MockApiServerResource.class)
class OperatorApplicationTest {

    @InjectMockApiServer
    MockApiServer api;

    @Inject
    KubernetesClient client;

    @Inject
    EngineRegistry engines;

    @Inject
    FixtureEngine fixture;

    @Inject
    ReconcileTriggerSource trigger;

    @Inject
    PlatformSettings platformSettings;

    @Inject
    ReconcileSettings reconcileSettings;

    @Inject
    Operator operator;

    @Test
    void enginesAndSettingsComeFromCdiAndConfiguration() {
        assertThat(engines.names()).containsExactly(FixtureEngine.NAME, RaftKvEngine.NAME, RedisSentinelEngine.NAME);
        assertThat(engines.find(FixtureEngine.NAME)).containsSame(fixture);
        assertThat(platformSettings).isEqualTo(new PlatformSettings("managed-kvs-scheduler", false, ""));
        assertThat(reconcileSettings).isEqualTo(new ReconcileSettings(Duration.ofSeconds(5), Duration.ofSeconds(60)));

        RegisteredController<?> controller = operator.getRegisteredController(ManagedKvsReconciler.NAME).orElseThrow();
        assertThat(controller.getConfiguration().getInformerConfig().getNamespaces()).isEqualTo(Set.of(NAMESPACE));
    }

    @Test
    void reconcilesThroughServerSideApplyAndExportsMetrics() {
        client.resource(new ManagedKVS(NAMESPACE, "app-cache", ManagedKVSSpec.of(FixtureEngine.NAME, "2.0").withReplicas(1))).create();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ManagedKVS r = client.resources(ManagedKVS.class).inNamespace(NAMESPACE).withName("app-cache").get();
            assertThat(r.getStatus()).isNotNull();
            assertThat(r.getStatus().condition(Condition.SPEC_VALID)).get().extracting(Condition::status).isEqualTo(Condition.TRUE);
        });
        StatefulSet statefulSet = client.apps().statefulSets().inNamespace(NAMESPACE).withName("app-cache").get();
        assertThat(statefulSet.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> assertThat(ref.getController()).isTrue());
        assertThat(api.dispatcher().calls()).filteredOn(Call::isApply)
                .anySatisfy(call -> assertThat(call.path()).contains("/statefulsets/app-cache?fieldManager=managed-kvs-operator&force=true"));

        fixture.failNextObserve(new IllegalStateException("simulated data-plane failure"));
        trigger.reconcileSoon(new ResourceRef(NAMESPACE, "app-cache"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(metrics()).contains("managedkvs_reconciliation_errors_total"));

        assertThat(metrics())
                .contains("managedkvs_reconciliations_total{engine=\"fixture-kv\",result=\"success\"")
                .contains("managedkvs_reconciliation_duration_seconds_count{engine=\"fixture-kv\"")
                .contains("managedkvs_reconciliation_duration_seconds_bucket{engine=\"fixture-kv\"")
                .contains("managedkvs_instances{engine=\"fixture-kv\",phase=\"Pending\"")
                .contains("managedkvs_members_ready{engine=\"fixture-kv\",instance=\"app-cache\",namespace=\"apps\"")
                .contains("managedkvs_members_desired{engine=\"fixture-kv\",instance=\"app-cache\",namespace=\"apps\"")
                .contains("managedkvs_failovers_total{engine=\"fixture-kv\",instance=\"app-cache\",namespace=\"apps\"");
    }

    @Test
    void healthEndpointsReportUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                        .body(containsString("managedkvs")));
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
