package io.managedkvs.operator.tls;

import static io.managedkvs.operator.testing.OperatorHarness.NAMESPACE;
import static io.managedkvs.operator.testing.OperatorHarness.resource;
import static io.managedkvs.operator.tls.TestCertificates.b64;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.managedkvs.api.engine.TlsCapable;
import io.managedkvs.api.resource.Condition;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.TlsSpec;
import io.managedkvs.operator.fixture.FixtureEngine;
import io.managedkvs.operator.testing.OperatorHarness;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator checks spec.tls's Secret before it renders anything for an engine that serves TLS: a
 * missing Secret, missing keys or a mismatched key are refused with SpecValid=False naming the
 * problem, and nothing is created or rolled; a sound Secret lets the instance through.
 */
class TlsSecretOnMockServerTest {

    /** The fixture engine, claiming TLS so that the operator's engine-independent check runs for it. */
    static final class TlsFixtureEngine extends FixtureEngine implements TlsCapable {
        static final String NAME = "fixture-tls";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public List<String> tlsSecretKeys() {
            return List.of(TlsSecretCheck.CERT, TlsSecretCheck.KEY, TlsSecretCheck.CA);
        }
    }

    private OperatorHarness harness;

    @BeforeEach
    void start() {
        harness = new OperatorHarness(trigger -> List.of(new TlsFixtureEngine()));
        harness.clock.advance(java.time.Duration.between(harness.clock.instant(), Instant.now()));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private static ManagedKVSSpec spec() {
        return ManagedKVSSpec.of(TlsFixtureEngine.NAME, "1.0").withReplicas(3).withTls(new TlsSpec(true, "cache-tls"));
    }

    private void secret(Map<String, String> data) {
        harness.client().resource(new SecretBuilder().withNewMetadata().withName("cache-tls").withNamespace(NAMESPACE).endMetadata()
                .withType("kubernetes.io/tls").withData(data).build()).createOr(op -> op.update());
    }

    private Condition specValid(String name) {
        ManagedKVS observed = harness.awaitObserved(name);
        return observed.getStatus().condition(Condition.SPEC_VALID).orElseThrow();
    }

    @Test
    void aMissingOrMismatchedSecretIsRefusedAndNothingIsCreated() {
        harness.create(resource("cache", spec()));
        Condition missing = specValid("cache");
        assertThat(missing.status()).isEqualTo(Condition.FALSE);
        assertThat(missing.reason()).isEqualTo("TlsSecretInvalid");
        assertThat(missing.message()).isEqualTo("spec.tls.secretName: there is no Secret cache-tls in namespace apps");

        TestCertificates.Issued ca = TestCertificates.ca("kvs-ca");
        TestCertificates.Issued leaf = TestCertificates.leaf("cache", ca, Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
        TestCertificates.Issued other = TestCertificates.leaf("cache", ca, Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
        secret(Map.of(TlsSecretCheck.CERT, b64(leaf.certPem()), TlsSecretCheck.KEY, b64(other.keyPem()), TlsSecretCheck.CA, b64(ca.certPem())));
        harness.editSpec("cache", s -> s.withReplicas(2)); // a new generation, so that the next status is awaited
        Condition mismatched = specValid("cache");
        assertThat(mismatched.message()).isEqualTo("spec.tls.secretName: cache-tls/tls.key is not the key of the certificate in cache-tls/tls.crt");
        assertThat(harness.client().apps().statefulSets().inNamespace(NAMESPACE).list().getItems()).as("nothing rendered").isEmpty();

        secret(Map.of(TlsSecretCheck.CERT, b64(leaf.certPem()), TlsSecretCheck.KEY, b64(leaf.keyPem()), TlsSecretCheck.CA, b64(ca.certPem())));
        harness.editSpec("cache", s -> s.withReplicas(3));
        assertThat(specValid("cache").status()).isEqualTo(Condition.TRUE);
        assertThat(harness.client().apps().statefulSets().inNamespace(NAMESPACE).list().getItems()).isNotEmpty();
    }
}
