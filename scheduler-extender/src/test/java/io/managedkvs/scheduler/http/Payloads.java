package io.managedkvs.scheduler.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Extender requests in kube-scheduler's format, built from the captured-format fixtures in
 * {@code src/test/resources/payloads}: a StatefulSet pod of raft-kv and a cloud node of about 6 KB.
 */
public final class Payloads {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectNode POD = (ObjectNode) read("filter-nodenames.json").get("Pod");
    private static final ObjectNode NODE = read("node-template.json");

    private Payloads() {
    }

    /** A member pod as the platform labels and annotates it. */
    public static ObjectNode member(String namespace, String name, String engine, String instance, String component,
                                    int groupSize, boolean quorum) {
        ObjectNode pod = POD.deepCopy();
        ObjectNode meta = (ObjectNode) pod.get("metadata");
        meta.put("name", name).put("namespace", namespace).put("generateName", instance + "-" + component + "-");
        ObjectNode labels = MAPPER.createObjectNode()
                .put("app.kubernetes.io/managed-by", "managed-kvs").put("app.kubernetes.io/instance", instance)
                .put("app.kubernetes.io/name", engine).put("app.kubernetes.io/component", component);
        meta.set("labels", labels);
        meta.set("annotations", MAPPER.createObjectNode()
                .put("managedkvs.io/group-size", Integer.toString(groupSize)).put("managedkvs.io/quorum", Boolean.toString(quorum)));
        return pod;
    }

    /**
     * The pod with the zone key annotation the operator stamps from {@code spec.scheduling.zoneTopologyKey},
     * and the managed-fields entry the API server records for it.
     */
    public static ObjectNode withZoneKey(ObjectNode pod, String zoneKey) {
        ObjectNode meta = (ObjectNode) pod.get("metadata");
        ((ObjectNode) meta.get("annotations")).put("managedkvs.io/zone-topology-key", zoneKey);
        ObjectNode fields = (ObjectNode) meta.get("managedFields").get(0).get("fieldsV1").get("f:metadata").get("f:annotations");
        fields.putObject("f:managedkvs.io/zone-topology-key");
        return pod;
    }

    /** A pod that is not the platform's. */
    public static ObjectNode foreign(String namespace, String name) {
        ObjectNode pod = POD.deepCopy();
        ObjectNode meta = (ObjectNode) pod.get("metadata");
        meta.put("name", name).put("namespace", namespace);
        meta.set("labels", MAPPER.createObjectNode().put("app", "web"));
        meta.set("annotations", MAPPER.createObjectNode());
        return pod;
    }

    /** A node like {@link #node(String, String)}'s, also in {@code rack} (label {@code example.com/rack}). */
    public static ObjectNode node(String name, String zone, String rack) {
        ObjectNode node = node(name, zone);
        ((ObjectNode) node.get("metadata").get("labels")).put("example.com/rack", rack);
        return node;
    }

    /** A node like the fixture's, renamed and placed in {@code zone} (null: no zone label). */
    public static ObjectNode node(String name, String zone) {
        ObjectNode node = NODE.deepCopy();
        ObjectNode meta = (ObjectNode) node.get("metadata");
        meta.put("name", name);
        ObjectNode labels = (ObjectNode) meta.get("labels");
        labels.put("kubernetes.io/hostname", name);
        if (zone == null) {
            labels.remove("topology.kubernetes.io/zone");
            labels.remove("failure-domain.beta.kubernetes.io/zone");
        } else {
            labels.put("topology.kubernetes.io/zone", zone).put("failure-domain.beta.kubernetes.io/zone", zone);
        }
        return node;
    }

    /** ExtenderArgs in node-cache mode. */
    public static byte[] byNames(ObjectNode pod, List<String> nodeNames) {
        ObjectNode args = MAPPER.createObjectNode();
        args.set("Pod", pod);
        args.set("Nodes", NullNode.getInstance());
        ArrayNode names = args.putArray("NodeNames");
        nodeNames.forEach(names::add);
        return bytes(args);
    }

    /** ExtenderArgs with full node objects. */
    public static byte[] withNodes(ObjectNode pod, List<ObjectNode> nodes) {
        ObjectNode args = MAPPER.createObjectNode();
        args.set("Pod", pod);
        ObjectNode list = args.putObject("Nodes");
        list.putObject("metadata");
        list.putArray("items").addAll(nodes);
        args.set("NodeNames", NullNode.getInstance());
        return bytes(args);
    }

    private static byte[] bytes(ObjectNode args) {
        try {
            return MAPPER.writeValueAsBytes(args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode read(String name) {
        try (InputStream in = Payloads.class.getResourceAsStream("/payloads/" + name)) {
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
