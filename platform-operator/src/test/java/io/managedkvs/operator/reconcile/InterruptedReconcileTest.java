package io.managedkvs.operator.reconcile;

import static io.managedkvs.operator.testing.OperatorHarness.NAMESPACE;
import static io.managedkvs.operator.testing.OperatorHarness.fixtureSpec;
import static io.managedkvs.operator.testing.OperatorHarness.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.managedkvs.api.resource.Condition;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.operator.testing.OperatorHarness;
import io.managedkvs.operator.testing.ServerSideApplyCrudDispatcher.Call;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A reconcile cut short by a failed write is completed by the next one. */
class InterruptedReconcileTest {

    @ParameterizedTest(name = "apply #{0} fails once")
    @ValueSource(ints = {1, 2, 3, 4})
    void aFailedApplyIsCompletedByTheNextReconcile(int failing) {
        try (OperatorHarness harness = new OperatorHarness()) {
            AtomicInteger applies = new AtomicInteger();
            harness.dispatcher().failOnce(call -> call.isApply() && applies.incrementAndGet() == failing);

            harness.create(resource("cache", fixtureSpec("1.2", 3)));
            ManagedKVS observed = harness.awaitObserved("cache");

            assertThat(observed.getStatus().condition(Condition.SPEC_VALID).orElseThrow().status()).isEqualTo(Condition.TRUE);
            for (Class<? extends HasMetadata> kind : List.of(io.fabric8.kubernetes.api.model.ConfigMap.class,
                    io.fabric8.kubernetes.api.model.Service.class, io.fabric8.kubernetes.api.model.apps.StatefulSet.class,
                    io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class, io.fabric8.kubernetes.api.model.Secret.class)) {
                assertThat(harness.client().resources(kind).inNamespace(NAMESPACE).list().getItems()).as(kind.getSimpleName()).hasSize(1);
            }
            assertThat(harness.dispatcher().calls()).filteredOn(Call::isApply).hasSize(5);
            assertThat(harness.meters.scrape())
                    .contains("managedkvs_reconciliation_errors_total{engine=\"fixture-kv\",} 1.0")
                    .contains("managedkvs_reconciliations_total{engine=\"fixture-kv\",result=\"error\",} 1.0");
        }
    }

    @Test
    void aFailedStatusWriteIsRetried() {
        try (OperatorHarness harness = new OperatorHarness()) {
            harness.dispatcher().failOnce(call -> call.path().endsWith("/managedkvses/cache/status"));

            harness.create(resource("cache", fixtureSpec("1.2", 3)));
            ManagedKVS observed = harness.awaitObserved("cache");

            assertThat(observed.getStatus().condition(Condition.SPEC_VALID).orElseThrow().status()).isEqualTo(Condition.TRUE);
            assertThat(harness.dispatcher().calls()).filteredOn(c -> c.path().endsWith("/status")).hasSize(2);
            assertThat(harness.dispatcher().calls()).filteredOn(Call::isApply).as("applied once, skipped on the retry").hasSize(4);
        }
    }
}
