package io.managedkvs.raftkv.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.TlsSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * spec.tls renders as the Secret mounted whole into PD and store pods, and {@code --tls-dir} pointing
 * at it; probes stay on the plain HTTP status port; the template names the Secret but not its
 * content, so a rotation restarts nothing.
 */
class RaftKvTlsRenderingTest {

    private final RaftKvModel model = new RaftKvModel(new PlatformSettings("managed-kvs-scheduler", true, ""));

    private static ManagedKVS resource(ManagedKVSSpec spec) {
        return new ManagedKVS("apps", "cache", spec);
    }

    private static ManagedKVSSpec withTls(String secret) {
        return ManagedKVSSpec.of("raft-kv", "0.1").withTls(new TlsSpec(true, secret));
    }

    private StatefulSet set(ManagedKVSSpec spec, String name) {
        List<HasMetadata> all = model.resources(resource(spec));
        return all.stream().filter(StatefulSet.class::isInstance).map(StatefulSet.class::cast)
                .filter(s -> s.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void pdAndStoresMountTheSecretWholeAndServeTlsFromIt() {
        for (String name : List.of("cache-pd", "cache-store")) {
            PodSpec pod = set(withTls("cache-tls"), name).getSpec().getTemplate().getSpec();
            Volume tls = pod.getVolumes().stream().filter(v -> v.getName().equals("tls")).findFirst().orElseThrow();
            assertThat(tls.getSecret().getSecretName()).isEqualTo("cache-tls");
            assertThat(tls.getSecret().getItems()).as("every key, so cert-manager's files appear as written").isNullOrEmpty();
            assertThat(tls.getSecret().getDefaultMode()).isEqualTo(0440);
            Container c = pod.getContainers().get(0);
            assertThat(c.getArgs()).as(name).containsSequence("--tls-dir", "/etc/raft-kv/tls");
            assertThat(c.getVolumeMounts()).anySatisfy(m -> {
                assertThat(m.getName()).isEqualTo("tls");
                assertThat(m.getMountPath()).isEqualTo("/etc/raft-kv/tls");
                assertThat(m.getReadOnly()).isTrue();
                assertThat(m.getSubPath()).as("a subPath mount is never updated by the kubelet").isNull();
            });
            // Probes and metrics stay on the plain HTTP status port.
            assertThat(c.getReadinessProbe().getHttpGet().getScheme()).isNotEqualTo("HTTPS");
            assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
        }
    }

    @Test
    void withoutTlsNothingOfItIsRendered() {
        for (String name : List.of("cache-pd", "cache-store")) {
            PodSpec pod = set(ManagedKVSSpec.of("raft-kv", "0.1"), name).getSpec().getTemplate().getSpec();
            assertThat(pod.getVolumes()).noneMatch(v -> v.getName().equals("tls"));
            assertThat(pod.getContainers().get(0).getArgs()).doesNotContain("--tls-dir");
            assertThat(set(ManagedKVSSpec.of("raft-kv", "0.1").withTls(new TlsSpec(false, "cache-tls")), name)
                    .getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).doesNotContain("--tls-dir");
        }
    }

    @Test
    void turningTlsOnRollsTheStoresButTheSecretsContentIsNotInTheTemplate() {
        String plain = model.storeTemplateHash(resource(ManagedKVSSpec.of("raft-kv", "0.1")));
        String tls = model.storeTemplateHash(resource(withTls("cache-tls")));
        assertThat(tls).isNotEqualTo(plain);
        // The same spec renders the same template whatever the Secret holds: the spec is all the model sees,
        // so a rotated Secret (same name) restarts no pod; a different Secret name does.
        assertThat(model.storeTemplateHash(resource(withTls("cache-tls")))).isEqualTo(tls);
        assertThat(model.storeTemplateHash(resource(withTls("cache-tls-2")))).isNotEqualTo(tls);
    }
}
