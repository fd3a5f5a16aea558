package io.managedkvs.scheduler.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The wire format of kube-scheduler's extender v1 types, checked against payloads in the shape Go's
 * encoding/json gives them (capitalised keys without JSON tags, null for unset pointers, full v1 objects).
 */
class WireFormatTest {

    private final ObjectMapper mapper = new ObjectMapper();

    static byte[] payload(String name) throws IOException {
        try (InputStream in = WireFormatTest.class.getResourceAsStream("/payloads/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void nodeCacheModeArgsCarryThePodAndNodeNames() throws IOException {
        ExtenderArgs args = mapper.readValue(payload("filter-nodenames.json"), ExtenderArgs.class);

        assertThat(args.nodes()).isNull();
        assertThat(args.nodeNames()).containsExactly("ip-10-0-1-17.eu-west-1.compute.internal",
                "ip-10-0-2-41.eu-west-1.compute.internal", "ip-10-0-3-66.eu-west-1.compute.internal");
        assertThat(args.pod().metadata().name()).isEqualTo("orders-store-1");
        assertThat(args.pod().metadata().namespace()).isEqualTo("shop");
        assertThat(args.pod().metadata().labels()).containsEntry("app.kubernetes.io/component", "store");
        assertThat(args.pod().metadata().annotations()).containsEntry("managedkvs.io/group-size", "3");
        assertThat(args.pod().spec().schedulerName()).isEqualTo("managed-kvs-scheduler");
    }

    @Test
    void fullNodeArgsCarryEachNodesNameAndLabels() throws IOException {
        ExtenderArgs args = mapper.readValue(payload("filter-nodes.json"), ExtenderArgs.class);

        assertThat(args.nodeNames()).isNull();
        assertThat(args.nodes().items()).extracting(WireNode::name).containsExactly(
                "ip-10-0-1-17.eu-west-1.compute.internal", "ip-10-0-2-41.eu-west-1.compute.internal",
                "ip-10-0-3-66.eu-west-1.compute.internal");
        assertThat(args.nodes().items().get(1).labels()).containsEntry("topology.kubernetes.io/zone", "eu-west-1b");
    }

    @Test
    void nodesAreWrittenBackExactlyAsReceived() throws IOException {
        byte[] body = payload("filter-nodes.json");
        ExtenderArgs args = mapper.readValue(body, ExtenderArgs.class);
        List<WireNode> kept = List.of(args.nodes().items().get(0), args.nodes().items().get(2));

        JsonNode written = mapper.readTree(mapper.writeValueAsBytes(
                new ExtenderFilterResult(WireNodeList.of(kept), null, Map.of(), Map.of(), "")));

        ArrayNode sent = (ArrayNode) mapper.readTree(body).get("Nodes").get("items");
        assertThat(written.get("Nodes").get("items")).hasSize(2);
        assertThat(written.get("Nodes").get("items").get(0)).isEqualTo(sent.get(0));
        assertThat(written.get("Nodes").get("items").get(1)).isEqualTo(sent.get(2));
        assertThat(written.get("Nodes").get("items").get(0).at("/status/daemonEndpoints/kubeletEndpoint/Port").asInt())
                .isEqualTo(10250);
    }

    @Test
    void aFilterResultUsesTheGoFieldNames() throws IOException {
        JsonNode json = mapper.readTree(mapper.writeValueAsBytes(new ExtenderFilterResult(null, List.of("n1"),
                Map.of(), Map.of("n2", "managed-kvs: a member already runs on this node"), "")));

        assertThat(json.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("NodeNames", "FailedNodes", "FailedAndUnresolvableNodes", "Error");
        assertThat(json.get("NodeNames").get(0).asText()).isEqualTo("n1");
        assertThat(json.get("FailedAndUnresolvableNodes").get("n2").asText()).contains("already runs");
        assertThat(json.get("Error").asText()).isEmpty();
    }

    @Test
    void aPrioritizeResultIsAnArrayOfHostAndScore() throws IOException {
        String json = mapper.writeValueAsString(List.of(new HostPriority("n1", 10), new HostPriority("n2", 3)));
        assertThat(json).isEqualTo("[{\"Host\":\"n1\",\"Score\":10},{\"Host\":\"n2\",\"Score\":3}]");
    }

    @Test
    void resultsAsGoWritesThemReadBack() throws IOException {
        String fromGo = "{\"Nodes\":null,\"NodeNames\":[\"n1\"],\"FailedNodes\":{\"n2\":\"full\"},"
                + "\"FailedAndUnresolvableNodes\":null,\"Error\":\"\"}";
        ExtenderFilterResult result = mapper.readValue(fromGo, ExtenderFilterResult.class);
        assertThat(result.nodeNames()).containsExactly("n1");
        assertThat(result.failedNodes()).containsEntry("n2", "full");
        assertThat(result.failedAndUnresolvableNodes()).isNull();
    }

    @Test
    void anEmptyNodeListComesAsNullItems() throws IOException {
        ExtenderArgs args = mapper.readValue("{\"Pod\":{\"metadata\":{\"name\":\"p\",\"namespace\":\"d\"}},"
                + "\"Nodes\":{\"metadata\":{},\"items\":null},\"NodeNames\":null}", ExtenderArgs.class);
        assertThat(args.nodes()).isNotNull();
        assertThat(args.nodes().items()).isNull();
    }
}
