package io.managedkvs.scheduler.cache;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.managedkvs.api.resource.Labels;
import java.util.HashMap;
import java.util.Map;

/** Pods and nodes as the platform and a cloud provider label them, for tests against the mock API server. */
public final class TestObjects {

    public static final String ZONE_LABEL = "topology.kubernetes.io/zone";
    /** A node label an instance may name as its failure domains instead of zones. */
    public static final String RACK_LABEL = "example.com/rack";

    private TestObjects() {
    }

    /** A schedulable, Ready node; {@code zone} null for a node without zone label. */
    public static Node node(String name, String zone) {
        return node(name, zone, null);
    }

    /** A schedulable, Ready node in a zone and a rack; either null for a node without that label. */
    public static Node node(String name, String zone, String rack) {
        Map<String, String> labels = new HashMap<>();
        labels.put("kubernetes.io/hostname", name);
        labels.put("kubernetes.io/os", "linux");
        if (zone != null) {
            labels.put(ZONE_LABEL, zone);
        }
        if (rack != null) {
            labels.put(RACK_LABEL, rack);
        }
        return new NodeBuilder()
                .withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build();
    }

    /** A member pod of {@code engine}/{@code instance}/{@code component}, bound to {@code nodeName} (null: pending). */
    public static Pod member(String namespace, String name, String engine, String instance, String component,
                             int groupSize, boolean quorum, String nodeName) {
        return new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name)
                .withLabels(Labels.of(engine, instance, component))
                .withAnnotations(Map.of(Labels.GROUP_SIZE_ANNOTATION, Integer.toString(groupSize),
                        Labels.QUORUM_ANNOTATION, Boolean.toString(quorum)))
                .endMetadata()
                .withNewSpec().withSchedulerName("managed-kvs-scheduler").withNodeName(nodeName)
                .addNewContainer().withName(component).withImage("managedkvs/" + engine + ":1.0").endContainer()
                .endSpec()
                .withNewStatus().withPhase(nodeName == null ? "Pending" : "Running").endStatus()
                .build();
    }

    /** A pod that is not the platform's. */
    public static Pod foreign(String namespace, String name, String nodeName) {
        return new PodBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().withNodeName(nodeName).addNewContainer().withName("web").withImage("nginx").endContainer().endSpec()
                .build();
    }
}
