package io.managedkvs.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The shape of the CRD: what kubectl shows and what the API server enforces. */
class CrdSchemaTest {

    /**
     * Standard Kubernetes types embedded as they are; their fields are documented by Kubernetes
     * itself ({@code kubectl explain pod.spec.affinity}), so we only document the field that holds them.
     */
    private static final Set<String> KUBERNETES_TYPES = Set.of(".spec.scheduling.affinity", ".spec.scheduling.tolerations");

    private final JsonNode crd = CrdFiles.read(CrdFiles.CHECKED_IN);
    private final JsonNode schema = CrdFiles.schema();

    @Test
    void namesScopeAndSubresources() {
        JsonNode spec = crd.get("spec");
        assertThat(spec.get("group").asText()).isEqualTo("managedkvs.io");
        assertThat(spec.get("scope").asText()).isEqualTo("Namespaced");
        assertThat(spec.at("/names/kind").asText()).isEqualTo("ManagedKVS");
        assertThat(spec.at("/names/plural").asText()).isEqualTo("managedkvses");
        assertThat(texts(spec.at("/names/shortNames"))).containsExactlyInAnyOrder("mkvs", "kvs");
        JsonNode version = spec.at("/versions/0");
        assertThat(version.get("name").asText()).isEqualTo("v1alpha1");
        assertThat(version.at("/subresources/status").isObject()).as("status subresource").isTrue();
    }

    @Test
    void printerColumnsShowEngineVersionReadyPhaseEndpointAge() {
        List<String> columns = new ArrayList<>();
        crd.at("/spec/versions/0/additionalPrinterColumns").forEach(c -> columns.add(c.get("name").asText() + "=" + c.get("jsonPath").asText()));
        assertThat(columns).containsExactlyInAnyOrder(
                "Engine=.spec.engine", "Version=.spec.version", "Ready=.status.ready",
                "Phase=.status.phase", "Endpoint=.status.endpoints.readWrite", "Age=.metadata.creationTimestamp");
    }

    @Test
    void everyFieldIsDescribed() {
        List<String> undocumented = new ArrayList<>();
        collectUndocumented("", schema.get("properties"), undocumented);
        assertThat(undocumented).as("fields without a description (kubectl explain shows nothing)").isEmpty();
    }

    @Test
    void engineAndVersionAreRequired() {
        assertThat(texts(schema.at("/properties/spec/required"))).contains("engine", "version");
    }

    @Test
    void engineIsImmutableThroughCel() {
        JsonNode rules = schema.at("/properties/spec/properties/engine/x-kubernetes-validations");
        assertThat(rules.isArray()).isTrue();
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).get("rule").asText()).isEqualTo("self == oldSelf");
        assertThat(rules.get(0).get("message").asText()).contains("spec.engine is immutable");
    }

    @Test
    void engineIsRestrictedToKnownEngines() {
        assertThat(schema.at("/properties/spec/properties/engine/pattern").asText()).isEqualTo("^(redis-sentinel|raft-kv)$");
    }

    @Test
    void enumsAndRangesArePresent() {
        JsonNode spec = schema.at("/properties/spec/properties");
        assertThat(texts(spec.at("/expose/properties/type/enum"))).containsExactlyInAnyOrder("ClusterIP", "NodePort", "LoadBalancer");
        assertThat(texts(spec.at("/scheduling/properties/spreadPolicy/enum"))).containsExactlyInAnyOrder("Required", "Preferred", "None");
        assertThat(texts(spec.at("/redis/properties/persistence/enum"))).containsExactlyInAnyOrder("None", "RDB", "AOF", "RDBAndAOF");
        assertThat(spec.at("/replicas/minimum").asInt()).isEqualTo(1);
        assertThat(spec.at("/redis/properties/sentinel/properties/downAfterMilliseconds/minimum").asInt()).isEqualTo(100);
        assertThat(spec.at("/storage/properties/size/pattern").asText()).isNotEmpty();
    }

    private static void collectUndocumented(String path, JsonNode properties, List<String> out) {
        if (properties == null || !properties.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String fieldPath = path + "." + field.getKey();
            JsonNode node = field.getValue();
            if (!node.hasNonNull("description") || node.get("description").asText().isBlank()) {
                out.add(fieldPath);
            }
            if (KUBERNETES_TYPES.contains(fieldPath)) {
                continue;
            }
            collectUndocumented(fieldPath, node.get("properties"), out);
            JsonNode items = node.get("items");
            if (items != null) {
                collectUndocumented(fieldPath + "[]", items.get("properties"), out);
            }
        }
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
