package io.managedkvs.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.managedkvs.api.resource.ComputeResources;
import io.managedkvs.api.resource.StorageSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The shape of the CRD: what kubectl shows and what the API server enforces. */
class CrdSchemaTest {

    /** Every place the spec takes CPU, memory and storage requests and limits. */
    private static final List<String> RESOURCE_LISTS = List.of(
            "/spec/properties/resources",
            "/spec/properties/redis/properties/sentinel/properties/resources",
            "/spec/properties/monitoring/properties/exporterResources",
            "/spec/properties/raftKv/properties/placementDriver/properties/resources");

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
        assertThat(columns).as("kubectl shows the columns in this order").containsExactly(
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
    void theWalkerLooksInsideArrayItemsAndMapValues() {
        JsonNode nested = CrdFiles.parse("""
                properties:
                  list:
                    description: a list
                    items:
                      properties:
                        inItem: {type: string}
                  map:
                    description: a map
                    additionalProperties:
                      properties:
                        inValue: {type: string}
                  listOfLists:
                    description: a list of lists
                    items:
                      items:
                        properties:
                          deep: {type: string}
                """);
        List<String> undocumented = new ArrayList<>();
        collectUndocumented("", nested.get("properties"), undocumented);
        assertThat(undocumented).containsExactlyInAnyOrder(".list[].inItem", ".map{}.inValue", ".listOfLists[][].deep");
    }

    @Test
    void resourceQuantitiesAreCheckedByPatternAndTheirNamesByCel() {
        for (String path : RESOURCE_LISTS) {
            for (String list : List.of("requests", "limits")) {
                JsonNode map = schema.at("/properties" + path + "/properties/" + list);
                assertThat(map.path("type").asText()).as("%s.%s", path, list).isEqualTo("object");
                JsonNode values = map.get("additionalProperties");
                assertThat(values).as("%s.%s values", path, list).isNotNull();
                assertThat(values.path("x-kubernetes-int-or-string").asBoolean()).as("%s.%s values are int-or-string", path, list).isTrue();
                assertThat(values.path("pattern").asText()).as("%s.%s values are quantities", path, list).isEqualTo(StorageSpec.QUANTITY_PATTERN);
                JsonNode rules = map.path("x-kubernetes-validations");
                assertThat(rules).as("%s.%s CEL rules", path, list).hasSize(1);
                assertThat(rules.get(0).get("rule").asText()).isEqualTo(ComputeResources.RESOURCE_NAMES_RULE);
                assertThat(rules.get(0).get("message").asText()).contains("cpu, memory or ephemeral-storage");
                assertThat(rules.get(0).get("messageExpression").asText()).isEqualTo(ComputeResources.RESOURCE_NAMES_MESSAGE_EXPRESSION);
                assertThat(map.path("maxProperties").asInt()).as("%s.%s bounds the CEL rule's cost", path, list).isEqualTo(3);
            }
        }
    }

    @Test
    void everyQuantityMapInTheSchemaIsOneOfTheResourceLists() {
        // Finds the int-or-string maps wherever they are, so that a new ComputeResources field is not missed above.
        List<String> found = new ArrayList<>();
        collectIntOrStringMaps("", schema.get("properties"), found);
        List<String> expected = new ArrayList<>();
        for (String path : RESOURCE_LISTS) {
            String dotted = path.replace("/properties/", ".").replace("/spec", ".spec");
            expected.add(dotted + ".requests");
            expected.add(dotted + ".limits");
        }
        assertThat(found).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void tolerationsAndAffinityHaveKubernetesEnumsAndRequiredFields() {
        JsonNode scheduling = schema.at("/properties/spec/properties/scheduling/properties");
        JsonNode toleration = scheduling.at("/tolerations/items/properties");
        assertThat(texts(toleration.at("/operator/enum"))).containsExactlyInAnyOrder("Exists", "Equal");
        assertThat(texts(toleration.at("/effect/enum"))).containsExactlyInAnyOrder("NoSchedule", "PreferNoSchedule", "NoExecute");

        JsonNode nodeAffinity = scheduling.at("/affinity/properties/nodeAffinity/properties");
        JsonNode nodeSelector = nodeAffinity.at("/requiredDuringSchedulingIgnoredDuringExecution");
        assertThat(texts(nodeSelector.get("required"))).containsExactly("nodeSelectorTerms");
        JsonNode nodeRequirement = nodeSelector.at("/properties/nodeSelectorTerms/items/properties/matchExpressions/items");
        assertThat(texts(nodeRequirement.at("/properties/operator/enum"))).containsExactlyInAnyOrder("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt");
        assertThat(texts(nodeRequirement.get("required"))).containsExactlyInAnyOrder("key", "operator");
        JsonNode preferredNode = nodeAffinity.at("/preferredDuringSchedulingIgnoredDuringExecution/items");
        assertThat(texts(preferredNode.get("required"))).containsExactlyInAnyOrder("preference", "weight");
        assertThat(preferredNode.at("/properties/weight/minimum").asInt()).isEqualTo(1);
        assertThat(preferredNode.at("/properties/weight/maximum").asInt()).isEqualTo(100);

        for (String podRules : List.of("podAffinity", "podAntiAffinity")) {
            JsonNode rules = scheduling.at("/affinity/properties/" + podRules + "/properties");
            JsonNode term = rules.at("/requiredDuringSchedulingIgnoredDuringExecution/items");
            assertThat(texts(term.get("required"))).as(podRules).containsExactly("topologyKey");
            JsonNode labelRequirement = term.at("/properties/labelSelector/properties/matchExpressions/items");
            assertThat(texts(labelRequirement.at("/properties/operator/enum"))).as(podRules).containsExactlyInAnyOrder("In", "NotIn", "Exists", "DoesNotExist");
            assertThat(texts(labelRequirement.get("required"))).as(podRules).containsExactlyInAnyOrder("key", "operator");
            JsonNode weighted = rules.at("/preferredDuringSchedulingIgnoredDuringExecution/items");
            assertThat(texts(weighted.get("required"))).as(podRules).containsExactlyInAnyOrder("podAffinityTerm", "weight");
        }
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
        collectFields(path, properties, node -> !node.hasNonNull("description") || node.get("description").asText().isBlank(), out);
    }

    private static void collectIntOrStringMaps(String path, JsonNode properties, List<String> out) {
        collectFields(path, properties, node -> node.path("additionalProperties").path("x-kubernetes-int-or-string").asBoolean(), out);
    }

    /** The paths of the fields that match, among these properties and everything below them. */
    private static void collectFields(String path, JsonNode properties, Predicate<JsonNode> matches, List<String> out) {
        if (properties == null || !properties.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String fieldPath = path + "." + field.getKey();
            if (matches.test(field.getValue())) {
                out.add(fieldPath);
            }
            collectFieldsInside(fieldPath, field.getValue(), matches, out);
        }
    }

    /** The fields of an object, of the items of an array and of the values of a map, however deeply nested. */
    private static void collectFieldsInside(String path, JsonNode node, Predicate<JsonNode> matches, List<String> out) {
        collectFields(path, node.get("properties"), matches, out);
        JsonNode items = node.get("items");
        if (items != null && items.isObject()) {
            collectFieldsInside(path + "[]", items, matches, out);
        }
        JsonNode values = node.get("additionalProperties");
        if (values != null && values.isObject()) {
            collectFieldsInside(path + "{}", values, matches, out);
        }
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
