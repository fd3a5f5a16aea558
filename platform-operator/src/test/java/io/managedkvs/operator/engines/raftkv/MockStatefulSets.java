package io.managedkvs.operator.engines.raftkv;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.managedkvs.api.engine.Member;
import io.managedkvs.operator.members.ClusterViewBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays the StatefulSet controller and the kubelet on the mock API server, which runs neither: the
 * StatefulSets named get the pods their size asks for (from their current template, ready), lose those
 * above it, and report them ready.
 */
final class MockStatefulSets {

    private final KubernetesClient client;
    private final String namespace;

    MockStatefulSets(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Brings every named StatefulSet to its size; returns the pods it created. */
    List<String> materialise(String... names) {
        List<String> created = new ArrayList<>();
        for (String name : names) {
            StatefulSet set = statefulSet(name);
            int replicas = set.getSpec().getReplicas();
            int first = set.getSpec().getOrdinals() == null ? 0 : set.getSpec().getOrdinals().getStart();
            for (Pod pod : client.pods().inNamespace(namespace).withLabel("app.kubernetes.io/component",
                    set.getMetadata().getLabels().get("app.kubernetes.io/component")).list().getItems()) {
                int ordinal = Member.ordinalOf(pod.getMetadata().getName());
                if (ordinal >= first + replicas) {
                    client.resource(pod).delete();
                }
            }
            for (int ordinal = first; ordinal < first + replicas; ordinal++) {
                if (pod(name + "-" + ordinal) == null) {
                    createPod(set, name + "-" + ordinal);
                    created.add(name + "-" + ordinal);
                }
            }
            client.apps().statefulSets().inNamespace(namespace).withName(name)
                    .editStatus(s -> new StatefulSetBuilder(s).withNewStatus().withReplicas(replicas).withReadyReplicas(replicas)
                            .withUpdateRevision(name + "-rev").endStatus().build());
        }
        return created;
    }

    private void createPod(StatefulSet set, String name) {
        Map<String, String> labels = new HashMap<>(set.getSpec().getTemplate().getMetadata().getLabels());
        labels.put(ClusterViewBuilder.REVISION_LABEL, set.getMetadata().getName() + "-rev");
        client.resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("StatefulSet").withName(set.getMetadata().getName())
                .withUid(set.getMetadata().getUid()).withController(true).endOwnerReference()
                .endMetadata()
                .withSpec(set.getSpec().getTemplate().getSpec())
                .withNewStatus().withPodIP("10.0.0." + (name.hashCode() & 0x7f)).addNewCondition().withType("Ready")
                .withStatus("True").endCondition().endStatus()
                .build()).create();
    }

    StatefulSet statefulSet(String name) {
        return client.apps().statefulSets().inNamespace(namespace).withName(name).get();
    }

    Pod pod(String name) {
        return client.pods().inNamespace(namespace).withName(name).get();
    }
}
