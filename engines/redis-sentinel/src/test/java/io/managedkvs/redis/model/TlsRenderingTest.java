package io.managedkvs.redis.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.resource.AuthSpec;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.TlsSpec;
import io.managedkvs.redis.config.DirectiveCatalogue;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsRenderingTest {

    private final RedisSentinelModel model = new RedisSentinelModel(PlatformSettings.defaults(), DirectiveCatalogue.standard());
    private static final ManagedKVSSpec TLS = ManagedKVSSpec.of("redis-sentinel", "7.2").withTls(new TlsSpec(true, "cache-tls"));

    @Test
    void theSecretIsMountedWholeIntoEveryContainerThatTalksToRedis() {
        List<HasMetadata> all = model.resources(new ManagedKVS("prod", "cache", TLS));

        for (String set : List.of("cache-redis", "cache-sentinel")) {
            StatefulSet sts = statefulSet(all, set);
            assertThat(sts.getSpec().getTemplate().getSpec().getVolumes()).filteredOn(v -> v.getSecret() != null).singleElement().satisfies(v -> {
                assertThat(v.getSecret().getSecretName()).isEqualTo("cache-tls");
                assertThat(v.getSecret().getItems()).as("whole, so that the kubelet updates the files in place").isNullOrEmpty();
            });
            for (Container c : sts.getSpec().getTemplate().getSpec().getContainers()) {
                assertThat(c.getVolumeMounts()).as(c.getName()).anySatisfy(m -> {
                    assertThat(m.getMountPath()).isEqualTo(PodTls.MOUNT);
                    assertThat(m.getSubPath()).isNull();
                });
            }
        }
        Container redis = container(statefulSet(all, "cache-redis"), "redis");
        assertThat(redis.getEnv()).extracting(EnvVar::getName, EnvVar::getValue).contains(org.assertj.core.groups.Tuple.tuple(
                "REDIS_CLI_TLS", "--tls --cacert /etc/managedkvs-tls/ca.crt --cert /etc/managedkvs-tls/tls.crt --key /etc/managedkvs-tls/tls.key"));
        assertThat(container(statefulSet(all, "cache-redis"), "exporter").getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .contains(org.assertj.core.groups.Tuple.tuple("REDIS_ADDR", "rediss://localhost:6379"));
    }

    @Test
    void configurationServesTlsOnlyAndAsksForClientCertificatesOnlyWithoutAPassword() {
        ConfigMap withPassword = configMap(model.resources(new ManagedKVS("prod", "cache", TLS)));
        assertThat(withPassword.getData().get("redis.conf")).contains("port 0\n", "tls-port 6379\n", "tls-replication yes\n",
                "tls-cert-file \"/etc/managedkvs-tls/tls.crt\"\n", "tls-auth-clients optional\n");
        assertThat(withPassword.getData().get("sentinel.conf")).contains("port 0\n", "tls-port 26379\n", "tls-replication yes\n");

        ConfigMap noPassword = configMap(model.resources(new ManagedKVS("prod", "cache", TLS.withAuth(new AuthSpec(false, null)))));
        assertThat(noPassword.getData().get("redis.conf")).contains("tls-auth-clients yes\n");
    }

    @Test
    void withoutTlsNothingChanges() {
        List<HasMetadata> all = model.resources(new ManagedKVS("prod", "cache", ManagedKVSSpec.of("redis-sentinel", "7.2")));
        assertThat(configMap(all).getData().get("redis.conf")).doesNotContain("tls").contains("port 6379\n");
        assertThat(container(statefulSet(all, "cache-redis"), "redis").getEnv()).extracting(EnvVar::getName).doesNotContain("REDIS_CLI_TLS");
    }

    @Test
    void theSecretsContentIsNotInTheTemplateSoARotationRestartsNothing() {
        ManagedKVS a = new ManagedKVS("prod", "cache", TLS);
        ManagedKVS plain = new ManagedKVS("prod", "cache", ManagedKVSSpec.of("redis-sentinel", "7.2"));
        assertThat(model.redisTemplateHash(a)).isEqualTo(model.redisTemplateHash(new ManagedKVS("prod", "cache", TLS)))
                .as("turning TLS on rolls the members").isNotEqualTo(model.redisTemplateHash(plain));
    }

    private static ConfigMap configMap(List<HasMetadata> all) {
        return (ConfigMap) all.stream().filter(r -> r instanceof ConfigMap).findFirst().orElseThrow();
    }

    private static StatefulSet statefulSet(List<HasMetadata> all, String name) {
        return (StatefulSet) all.stream().filter(r -> r instanceof StatefulSet && r.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static Container container(StatefulSet sts, String name) {
        return sts.getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }
}
