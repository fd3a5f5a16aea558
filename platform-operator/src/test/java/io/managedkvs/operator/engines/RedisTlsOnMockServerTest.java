package io.managedkvs.operator.engines;

import static io.managedkvs.operator.testing.OperatorHarness.NAMESPACE;
import static io.managedkvs.operator.testing.OperatorHarness.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.resource.Condition;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.TlsSpec;
import io.managedkvs.operator.testing.OperatorHarness;
import io.managedkvs.redis.RedisSentinelEngine;
import io.managedkvs.tls.CertificateAuthority;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis Sentinel engine with spec.tls against the mock API server: nothing is rendered from a
 * Secret the operator has not accepted, a Secret that goes bad later rolls nothing that runs, and TLS is
 * neither turned on nor off on a running instance (decision 0015; the CRD's rule says the same, for API
 * servers that check it).
 */
class RedisTlsOnMockServerTest {

    private OperatorHarness harness;
    private RedisSentinelEngine redis;
    private final CertificateAuthority ca = CertificateAuthority.create("kvs-ca", Instant.now(), Duration.ofDays(30));

    @BeforeEach
    void start() {
        harness = new OperatorHarness(trigger -> List.of(redis = new RedisSentinelEngine(PlatformSettings.defaults(), trigger)));
        harness.clock.advance(Duration.between(harness.clock.instant(), Instant.now()));
    }

    @AfterEach
    void stop() {
        harness.close();
        redis.close();
    }

    private static ManagedKVSSpec spec() {
        return ManagedKVSSpec.of(RedisSentinelEngine.NAME, "7.2").withTls(new TlsSpec(true, "cache-tls"));
    }

    private void secret(CertificateAuthority.Issued issued, boolean withCa) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("tls.crt", b64(issued.certificatePem()));
        data.put("tls.key", b64(issued.keyPem()));
        if (withCa) {
            data.put("ca.crt", b64(issued.authorityPem()));
        }
        harness.client().resource(new SecretBuilder().withNewMetadata().withName("cache-tls").withNamespace(NAMESPACE).endMetadata()
                .withType("kubernetes.io/tls").withData(data).build()).createOr(op -> op.update());
    }

    private Condition specValid() {
        return harness.awaitObserved("cache").getStatus().condition(Condition.SPEC_VALID).orElseThrow();
    }

    private CertificateAuthority.Issued valid() {
        return ca.issue("cache", List.of("*.cache-redis-headless.apps.svc"), Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
    }

    @Test
    void aSecretWithoutItsCaIsRefusedAndNothingIsRendered() {
        secret(valid(), false);
        harness.create(resource("cache", spec()));

        Condition refused = specValid();
        assertThat(refused.status()).isEqualTo(Condition.FALSE);
        assertThat(refused.reason()).isEqualTo("TlsSecretInvalid");
        assertThat(refused.message()).startsWith("spec.tls.secretName: Secret cache-tls has no ca.crt");
        assertThat(harness.client().apps().statefulSets().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        assertThat(harness.client().configMaps().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    }

    @Test
    void aGoodSecretIsRenderedAndOneThatExpiresLaterRollsNothing() {
        secret(valid(), true);
        harness.create(resource("cache", spec()));
        assertThat(specValid().status()).isEqualTo(Condition.TRUE);

        StatefulSet before = harness.client().apps().statefulSets().inNamespace(NAMESPACE).withName("cache-redis").get();
        assertThat(before.getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getSecret() == null ? null : v.getSecret().getSecretName()).isEqualTo("cache-tls"));
        ConfigMap config = harness.client().configMaps().inNamespace(NAMESPACE).withName("cache-redis-config").get();
        assertThat(config.getData().get("redis.conf")).contains("port 0\n", "tls-port 6379\n", "tls-replication yes\n");

        secret(ca.issue("cache", List.of("cache"), Instant.now().minusSeconds(7200), Instant.now().minusSeconds(3600)), true);
        harness.editSpec("cache", s -> s.withReplicas(5)); // a change that would render, were the Secret fit

        Condition expired = specValid();
        assertThat(expired.status()).isEqualTo(Condition.FALSE);
        assertThat(expired.reason()).isEqualTo("TlsSecretInvalid");
        assertThat(expired.message()).contains("cache-tls/tls.crt").contains("expired at");
        StatefulSet after = harness.client().apps().statefulSets().inNamespace(NAMESPACE).withName("cache-redis").get();
        assertThat(after.getSpec()).as("nothing rolled or scaled").isEqualTo(before.getSpec());
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void tlsIsNotTurnedOffOnARunningInstanceAndNothingRolls() {
        secret(valid(), true);
        harness.create(resource("cache", spec()));
        assertThat(specValid().status()).isEqualTo(Condition.TRUE);
        assertThat(harness.get("cache").getStatus().tls()).as("recorded at creation").isTrue();
        StatefulSet before = statefulSet();
        String configBefore = redisConf();

        harness.editSpec("cache", s -> s.withTls(null).withReplicas(5));

        Condition refused = specValid();
        assertThat(refused.status()).isEqualTo(Condition.FALSE);
        assertThat(refused.message()).startsWith("spec.tls.enabled: this instance was created with TLS;")
                .contains("spec.tls.enabled is fixed when the instance is created");
        assertThat(statefulSet().getSpec()).as("nothing rolled or scaled").isEqualTo(before.getSpec());
        assertThat(redisConf()).as("still TLS only").isEqualTo(configBefore).contains("port 0\n");
        assertThat(harness.get("cache").getStatus().tls()).isTrue();

        harness.editSpec("cache", s -> s.withTls(new TlsSpec(true, "cache-tls")).withReplicas(5));
        assertThat(specValid().status()).as("back as created, the other change goes ahead").isEqualTo(Condition.TRUE);
        assertThat(statefulSet().getSpec().getReplicas()).isEqualTo(5);
    }

    @Test
    void tlsIsNotTurnedOnOnARunningInstanceAndNothingRolls() {
        secret(valid(), true);
        harness.create(resource("cache", ManagedKVSSpec.of(RedisSentinelEngine.NAME, "7.2")));
        assertThat(specValid().status()).isEqualTo(Condition.TRUE);
        assertThat(harness.get("cache").getStatus().tls()).isFalse();
        StatefulSet before = statefulSet();
        String configBefore = redisConf();

        harness.editSpec("cache", s -> s.withTls(new TlsSpec(true, "cache-tls")));

        Condition refused = specValid();
        assertThat(refused.status()).isEqualTo(Condition.FALSE);
        assertThat(refused.message()).startsWith("spec.tls.enabled: this instance was created without TLS;");
        assertThat(statefulSet().getSpec()).isEqualTo(before.getSpec());
        assertThat(redisConf()).isEqualTo(configBefore).doesNotContain("tls-port");
    }

    private StatefulSet statefulSet() {
        return harness.client().apps().statefulSets().inNamespace(NAMESPACE).withName("cache-redis").get();
    }

    private String redisConf() {
        return harness.client().configMaps().inNamespace(NAMESPACE).withName("cache-redis-config").get().getData().get("redis.conf");
    }
}
