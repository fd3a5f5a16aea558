package io.managedkvs.operator.reconcile;

import static io.managedkvs.operator.testing.OperatorHarness.NAMESPACE;
import static io.managedkvs.operator.testing.OperatorHarness.fixtureSpec;
import static io.managedkvs.operator.testing.OperatorHarness.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.managedkvs.api.engine.Credentials;
import io.managedkvs.api.resource.AuthSpec;
import io.managedkvs.api.resource.Condition;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.Phase;
import io.managedkvs.operator.testing.OperatorHarness;
import io.managedkvs.operator.testing.ServerSideApplyCrudDispatcher.Call;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input: a clear condition and Event naming the field, and nothing that runs is changed. */
class SpecRejectionTest {

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
    void engineViolationsAreAllReportedAndNothingIsCreated() {
        harness.create(resource("cache", fixtureSpec("0.9", 12)));
        ManagedKVS observed = harness.awaitObserved("cache");

        Condition specValid = observed.getStatus().condition(Condition.SPEC_VALID).orElseThrow();
        assertThat(specValid.status()).isEqualTo(Condition.FALSE);
        assertThat(specValid.reason()).isEqualTo("InvalidSpec");
        assertThat(specValid.message())
                .isEqualTo("spec.version: fixture-kv runs version 1.0 and newer; got 0.9; spec.replicas: fixture-kv runs at most 9 servers; got 12");
        assertThat(observed.getStatus().phase()).isEqualTo(Phase.Failed);
        assertThat(observed.getStatus().engine()).as("set only once a spec is accepted").isNull();
        assertThat(observed.getStatus().condition(Condition.READY).orElseThrow().reason()).isEqualTo("InvalidSpec");
        assertNothingCreated();
        assertThat(harness.events()).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getReason()).isEqualTo("InvalidSpec");
            assertThat(e.getMessage()).contains("spec.version:").contains("spec.replicas:");
        });
    }

    @Test
    void commonViolationsComeFirstAndNameTheField() {
        harness.create(resource("cache", fixtureSpec("7", 0)));
        Condition specValid = harness.awaitObserved("cache").getStatus().condition(Condition.SPEC_VALID).orElseThrow();

        assertThat(specValid.reason()).isEqualTo("InvalidSpec");
        assertThat(specValid.message()).contains("spec.version: must look like MAJOR.MINOR").contains("spec.replicas: must be between 1 and 99");
        assertNothingCreated();
    }

    @Test
    void unknownEngineNamesTheFieldAndTheKnownEngines() {
        harness.create(resource("cache", ManagedKVSSpec.of("memcached", "1.6")));
        ManagedKVS observed = harness.awaitObserved("cache");

        Condition specValid = observed.getStatus().condition(Condition.SPEC_VALID).orElseThrow();
        assertThat(specValid.status()).isEqualTo(Condition.FALSE);
        assertThat(specValid.reason()).isEqualTo("UnknownEngine");
        assertThat(specValid.message()).isEqualTo("spec.engine: no engine named 'memcached' runs in this operator; known engines: fixture-kv");
        assertThat(observed.getStatus().phase()).isEqualTo(Phase.Failed);
        assertNothingCreated();
        assertThat(harness.meters.scrape()).contains("managedkvs_reconciliations_total{engine=\"unknown\",result=\"invalid\",}");
    }

    @Test
    void invalidChangeToARunningInstanceChangesNothingThatRuns() {
        harness.create(resource("cache", fixtureSpec("1.2", 3)));
        ManagedKVS running = harness.awaitObserved("cache");
        harness.awaitQuiet();
        StatefulSet before = statefulSet();
        int callsBefore = harness.dispatcher().callCount();

        harness.editSpec("cache", spec -> spec.withReplicas(20));
        ManagedKVS rejected = harness.awaitObserved("cache");

        assertThat(rejected.getStatus().condition(Condition.SPEC_VALID).orElseThrow().message())
                .isEqualTo("spec.replicas: fixture-kv runs at most 9 servers; got 20");
        assertThat(rejected.getStatus().phase()).as("the phase of the running members").isEqualTo(running.getStatus().phase());
        assertThat(rejected.getStatus().condition(Condition.READY)).isEqualTo(running.getStatus().condition(Condition.READY)
                .map(c -> new Condition(c.type(), c.status(), c.reason(), c.message(), c.lastTransitionTime(), 2L)));
        assertThat(statefulSet().getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
        assertThat(statefulSet().getSpec().getReplicas()).isEqualTo(3);
        // Besides the test's own edit of the spec, only the status and an Event are written.
        assertThat(harness.dispatcher().callsSince(callsBefore)).filteredOn(Call::isWrite)
                .filteredOn(call -> !call.path().endsWith("/managedkvses/cache"))
                .isNotEmpty()
                .allSatisfy(call -> assertThat(call.path()).matches(".*/managedkvses/cache/status|.*/events"));

        harness.editSpec("cache", spec -> spec.withReplicas(5));
        ManagedKVS accepted = harness.awaitObserved("cache");
        assertThat(accepted.getStatus().condition(Condition.SPEC_VALID).orElseThrow().status()).isEqualTo(Condition.TRUE);
        assertThat(statefulSet().getSpec().getReplicas()).isEqualTo(5);
        assertThat(harness.events()).extracting(e -> e.getReason()).contains("InvalidSpec", "SpecAccepted");
    }

    @Test
    void missingNamedSecretIsRejectedUntilItExists() {
        harness.create(resource("cache", fixtureSpec("1.2", 1).withAuth(new AuthSpec(true, "app-password"))));
        ManagedKVS rejected = harness.awaitObserved("cache");

        Condition specValid = rejected.getStatus().condition(Condition.SPEC_VALID).orElseThrow();
        assertThat(specValid.reason()).isEqualTo("CredentialsUnavailable");
        assertThat(specValid.message()).isEqualTo("spec.auth.secretName: Secret 'app-password' not found in namespace apps");
        assertNothingCreated();

        harness.client().resource(new SecretBuilder().withNewMetadata().withName("app-password").withNamespace(NAMESPACE).endMetadata()
                .withStringData(Map.of("user", "app")).build()).create();
        harness.reconcileNow("cache");
        assertThat(harness.get("cache").getStatus().condition(Condition.SPEC_VALID).orElseThrow().message())
                .isEqualTo("spec.auth.secretName: Secret 'app-password' has no key 'password'");

        harness.client().secrets().inNamespace(NAMESPACE).withName("app-password")
                .edit(s -> new SecretBuilder(s).withStringData(Map.of("password", "s3cret-from-the-team")).build());
        harness.reconcileNow("cache");
        ManagedKVS accepted = harness.get("cache");
        assertThat(accepted.getStatus().condition(Condition.SPEC_VALID).orElseThrow().status()).isEqualTo(Condition.TRUE);
        assertThat(accepted.getStatus().credentialsSecret()).isEqualTo("app-password");
        assertThat(statefulSet()).isNotNull();
        assertThat(harness.engine.credentialsSeen()).last().isEqualTo(Optional.of(new Credentials("app-password", "s3cret-from-the-team")));
        assertThat(harness.client().secrets().inNamespace(NAMESPACE).withName("cache-auth").get()).isNull();
    }

    @Test
    void disabledAuthCreatesNoSecretAndGivesTheEngineNoCredentials() {
        harness.create(resource("cache", fixtureSpec("1.2", 1).withAuth(new AuthSpec(false, null))));
        ManagedKVS observed = harness.awaitObserved("cache");

        assertThat(observed.getStatus().credentialsSecret()).isNull();
        assertThat(harness.client().secrets().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        assertThat(harness.engine.credentialsSeen()).last().isEqualTo(Optional.empty());
    }

    private void assertNothingCreated() {
        assertThat(harness.dispatcher().calls()).filteredOn(Call::isApply).isEmpty();
        assertThat(harness.client().apps().statefulSets().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        assertThat(harness.client().configMaps().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        assertThat(harness.client().services().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        assertThat(harness.client().secrets().inNamespace(NAMESPACE).list().getItems())
                .extracting(s -> s.getMetadata().getName()).doesNotContain("cache-auth");
    }

    private StatefulSet statefulSet() {
        return harness.client().apps().statefulSets().inNamespace(NAMESPACE).withName("cache").get();
    }
}
