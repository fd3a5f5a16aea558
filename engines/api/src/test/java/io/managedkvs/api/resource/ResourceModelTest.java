package io.managedkvs.api.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.managedkvs.api.engine.Credentials;
import org.junit.jupiter.api.Test;

class ResourceModelTest {

    @Test
    void yamlRoundTripKeepsTheSpecAndDefaultsAreNotWrittenBack() {
        String yaml = """
                apiVersion: managedkvs.io/v1alpha1
                kind: ManagedKVS
                metadata: {name: cache, namespace: apps}
                spec:
                  engine: redis-sentinel
                  version: "7.2"
                  redis:
                    sentinel: {downAfterMilliseconds: 5000}
                """;
        ManagedKVS kvs = Serialization.unmarshal(yaml, ManagedKVS.class);
        assertThat(kvs.getSpec().effectiveReplicas()).isEqualTo(3);
        assertThat(kvs.getSpec().effectiveAuth().enabledOrDefault()).isTrue();
        assertThat(kvs.getSpec().redis().effectiveSentinel().downAfterMilliseconds()).isEqualTo(5000);
        assertThat(kvs.getSpec().redis().effectiveSentinel().failoverTimeout()).isNull();

        String written = Serialization.asYaml(kvs);
        assertThat(written).doesNotContain("replicas").doesNotContain("enabled").doesNotContain("failoverTimeout");
        assertThat(Serialization.unmarshal(written, ManagedKVS.class).getSpec()).isEqualTo(kvs.getSpec());
    }

    @Test
    void generatedSecretNameAndNamedSecret() {
        assertThat(AuthSpec.DEFAULT.secretNameFor("cache")).isEqualTo("cache-auth");
        assertThat(AuthSpec.DEFAULT.generatesSecret()).isTrue();
        AuthSpec named = new AuthSpec(true, "shared-password");
        assertThat(named.secretNameFor("cache")).isEqualTo("shared-password");
        assertThat(named.generatesSecret()).isFalse();
    }

    @Test
    void credentialsNeverPrintThePassword() {
        assertThat(new Credentials("cache-auth", "s3cr3t-value").toString()).doesNotContain("s3cr3t-value").contains("cache-auth");
    }

    @Test
    void versionsCompareNumerically() {
        assertThat(EngineVersion.parse("7.10")).isGreaterThan(EngineVersion.parse("7.2"));
        assertThat(EngineVersion.parse("7.2")).isEqualByComparingTo(EngineVersion.parse("7.2.0"));
        assertThat(EngineVersion.parse("7.2.4").minorLine()).isEqualTo("7.2");
        assertThatThrownBy(() -> EngineVersion.parse("latest")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latest");
    }

    @Test
    void regionMaxSizeDefaultsTo96Mebibytes() {
        assertThat(new RaftKvSpec(null, null, null, null, null).effectiveRegionMaxSizeBytes()).isEqualTo(96L * 1024 * 1024);
        assertThat(new RaftKvSpec(null, null, "1Gi", null, null).effectiveRegionMaxSizeBytes()).isEqualTo(1024L * 1024 * 1024);
    }
}
