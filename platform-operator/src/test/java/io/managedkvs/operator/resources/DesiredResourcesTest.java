package io.managedkvs.operator.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.operator.fixture.FixtureEngine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredResourcesTest {

    private final ManagedKVS owner = owner();

    @Test
    void objectsGetTheControllerReferenceTheNamespaceAndTheManagedByLabelInApplyOrder() {
        List<HasMetadata> prepared = DesiredResources.prepare(owner, new FixtureEngine().desiredResources(owner));

        assertThat(prepared).extracting(HasMetadata::getKind)
                .containsExactly("ConfigMap", "Service", "PodDisruptionBudget", "StatefulSet");
        assertThat(prepared).allSatisfy(o -> {
            assertThat(o.getMetadata().getNamespace()).isEqualTo("apps");
            assertThat(o.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
                assertThat(ref.getApiVersion()).isEqualTo("managedkvs.io/v1alpha1");
                assertThat(ref.getKind()).isEqualTo("ManagedKVS");
                assertThat(ref.getName()).isEqualTo("cache");
                assertThat(ref.getUid()).isEqualTo("uid-1");
                assertThat(ref.getController()).isTrue();
                assertThat(ref.getBlockOwnerDeletion()).isTrue();
            });
            assertThat(o.getMetadata().getAnnotations().get(AppliedHash.ANNOTATION)).isEqualTo(AppliedHash.of(o)).hasSize(32);
            assertThat(DesiredResources.controlledBy(o, owner)).isTrue();
        });
    }

    @Test
    void theManagedByLabelIsAddedWhenAbsent() {
        Map<String, String> labels = new HashMap<>(Labels.of("fixture-kv", "cache", "server"));
        labels.remove(Labels.MANAGED_BY);
        HasMetadata prepared = DesiredResources.prepare(owner, List.of(configMap("cache-config", labels))).get(0);

        assertThat(prepared.getMetadata().getLabels()).containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    }

    @Test
    void contractViolationsNameTheObjectAndWhatIsWrong() {
        Map<String, String> noComponent = new HashMap<>(Labels.of("fixture-kv", "cache", "server"));
        noComponent.remove(Labels.COMPONENT);
        assertThatThrownBy(() -> DesiredResources.prepare(owner, List.of(configMap("a", noComponent))))
                .isInstanceOf(EngineContractViolation.class)
                .hasMessage("ConfigMap a: label app.kubernetes.io/component is missing");
        assertThatThrownBy(() -> DesiredResources.prepare(owner, List.of(configMap("a", Labels.of("fixture-kv", "other", "server")))))
                .hasMessage("ConfigMap a: label app.kubernetes.io/instance is 'other', expected 'cache'");
        assertThatThrownBy(() -> DesiredResources.prepare(owner, List.of(new JobBuilder().withNewMetadata().withName("backup")
                .withLabels(Labels.of("fixture-kv", "cache", "backup")).endMetadata().build())))
                .hasMessage("Job backup: batch/v1/Job is not a kind the operator manages; managed kinds: "
                        + "ConfigMap, Secret, Service, PodDisruptionBudget, StatefulSet");
        HasMetadata elsewhere = configMap("a", Labels.of("fixture-kv", "cache", "server"));
        elsewhere.getMetadata().setNamespace("kube-system");
        assertThatThrownBy(() -> DesiredResources.prepare(owner, List.of(elsewhere)))
                .hasMessage("ConfigMap a: namespace kube-system is not the instance's namespace apps");
        assertThatThrownBy(() -> DesiredResources.prepare(owner, List.of(configMap("a", Labels.of("fixture-kv", "cache", "server")),
                configMap("a", Labels.of("fixture-kv", "cache", "server")))))
                .hasMessage("ConfigMap a: listed twice");
        assertThatThrownBy(() -> DesiredResources.prepare(owner, List.of(new SecretBuilder().withNewMetadata().withName("cache-auth")
                .withLabels(Labels.of("fixture-kv", "cache", "auth")).endMetadata().build())))
                .hasMessage("Secret cache-auth: the name is reserved for the generated credentials Secret");
    }

    @Test
    void theHashFollowsContentNotOrder() {
        Map<String, String> data = new java.util.LinkedHashMap<>();
        data.put("a", "1");
        data.put("b", "2");
        Map<String, String> reversed = new java.util.LinkedHashMap<>();
        reversed.put("b", "2");
        reversed.put("a", "1");
        HasMetadata one = new ConfigMapBuilder(configMap("x", Labels.of("e", "cache", "c"))).withData(data).build();
        HasMetadata two = new ConfigMapBuilder(configMap("x", Labels.of("e", "cache", "c"))).withData(reversed).build();
        HasMetadata changed = new ConfigMapBuilder(configMap("x", Labels.of("e", "cache", "c"))).withData(Map.of("a", "1", "b", "3")).build();

        assertThat(AppliedHash.of(one)).isEqualTo(AppliedHash.of(two)).isNotEqualTo(AppliedHash.of(changed));
        one.getMetadata().setAnnotations(new HashMap<>(Map.of(AppliedHash.ANNOTATION, "stale")));
        assertThat(AppliedHash.of(one)).as("its own annotation is left out").isEqualTo(AppliedHash.of(two));
    }

    @Test
    void preparingTheSameDesiredObjectsTwiceGivesTheSameHashes() {
        List<String> first = hashes(DesiredResources.prepare(owner, new FixtureEngine().desiredResources(owner)));
        List<String> second = hashes(DesiredResources.prepare(owner, new FixtureEngine().desiredResources(owner)));

        assertThat(second).isEqualTo(first).doesNotHaveDuplicates();
    }

    private static List<String> hashes(List<HasMetadata> objects) {
        List<String> out = new ArrayList<>();
        objects.forEach(o -> out.add(AppliedHash.on(o)));
        return out;
    }

    private static ConfigMap configMap(String name, Map<String, String> labels) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build();
    }

    private static ManagedKVS owner() {
        ManagedKVS owner = new ManagedKVS("apps", "cache", ManagedKVSSpec.of(FixtureEngine.NAME, "1.2"));
        owner.getMetadata().setUid("uid-1");
        return owner;
    }
}
