package io.managedkvs.scheduler.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.managedkvs.scheduler.cache.TestObjects;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The extender over HTTP, with its informers on the mock API server: every verb in both modes, malformed
 * input, health and metrics. Each test uses its own instance, so reservations of one do not reach another.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = ExtenderHttpTest.Cluster.class)
class ExtenderHttpTest {

    private static final List<String> NODES = List.of("a1", "a2", "b1", "c1");

    private final ObjectMapper mapper = new ObjectMapper();

    @KubernetesTestServer
    KubernetesServer server;

    /**
     * Four nodes in three zones and three racks (c1 has no rack label), a store of "orders" on a1 and one
     * of "stock" on a2; stores of "racks" and "shelves", instances that name racks, on a1.
     */
    public static final class Cluster implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            KubernetesClient client = server.getClient();
            client.nodes().resource(TestObjects.node("a1", "zone-a", "rack-a1")).create();
            client.nodes().resource(TestObjects.node("a2", "zone-a", "rack-a2")).create();
            client.nodes().resource(TestObjects.node("b1", "zone-b", "rack-b1")).create();
            client.nodes().resource(TestObjects.node("c1", "zone-c")).create();
            client.pods().inNamespace("shop").resource(
                    TestObjects.member("shop", "orders-store-0", "raft-kv", "orders", "store", 3, true, "a1")).create();
            client.pods().inNamespace("shop").resource(
                    TestObjects.member("shop", "stock-store-0", "raft-kv", "stock", "store", 3, true, "a2")).create();
            client.pods().inNamespace("shop").resource(
                    TestObjects.member("shop", "racks-store-0", "raft-kv", "racks", "store", 3, true, "a1")).create();
            client.pods().inNamespace("shop").resource(
                    TestObjects.member("shop", "shelves-store-0", "raft-kv", "shelves", "store", 3, true, "a1")).create();
        }
    }

    @BeforeEach
    void ready() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
    }

    private Response post(String verb, byte[] body) {
        return given().contentType("application/json").body(body).post("/scheduler/" + verb);
    }

    private JsonNode json(Response response) throws IOException {
        return mapper.readTree(response.asByteArray());
    }

    @Test
    void filterByNamesKeepsAQuorumMemberOutOfAZoneThatWouldHoldAMajority() throws IOException {
        Response r = post("filter", Payloads.byNames(
                Payloads.member("shop", "orders-store-1", "raft-kv", "orders", "store", 3, true), NODES));

        r.then().statusCode(200).header(ExtenderResource.DECISION_HEADER, containsString("chose b1"));
        JsonNode body = json(r);
        assertThat(body.get("NodeNames")).containsExactly(mapper.getNodeFactory().textNode("b1"));
        assertThat(body.get("FailedAndUnresolvableNodes").get("a2").asText()).contains("2 of 3 members of shop/orders/store in this zone");
        assertThat(body.get("Error").asText()).isEmpty();
        assertThat(body.has("Nodes")).isFalse();
    }

    @Test
    void filterWithFullNodesReturnsTheNodeObjectsThatPass() throws IOException {
        Response r = post("filter", Payloads.withNodes(
                Payloads.member("shop", "carts-redis-0", "redis-sentinel", "carts", "redis", 3, false),
                List.of(Payloads.node("a1", "zone-a"), Payloads.node("d1", "zone-d"))));

        // a1 runs a pod of another instance, d1 (known only from this request) none: the first member goes to d1.
        r.then().statusCode(200);
        JsonNode items = json(r).get("Nodes").get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0)).isEqualTo(mapper.valueToTree(Payloads.node("d1", "zone-d")));
        assertThat(json(r).get("FailedAndUnresolvableNodes").isEmpty()).isTrue();
    }

    @Test
    void aMemberAnnotatedWithRacksIsKeptOutOfItsPeersRackByName() throws IOException {
        Response r = post("filter", Payloads.byNames(Payloads.withZoneKey(
                Payloads.member("shop", "racks-store-1", "raft-kv", "racks", "store", 3, true), TestObjects.RACK_LABEL), NODES));

        r.then().statusCode(200).header(ExtenderResource.DECISION_HEADER, containsString("(zones by example.com/rack)"));
        JsonNode body = json(r);
        assertThat(body.get("FailedAndUnresolvableNodes").properties()).extracting(java.util.Map.Entry::getKey)
                .as("a2 is in the peer's zone but not its rack").containsExactly("a1");
        assertThat(body.get("NodeNames")).hasSize(1);
    }

    @Test
    void aMemberAnnotatedWithRacksIsKeptOutOfItsPeersRackWithFullNodes() throws IOException {
        // By zones, both candidates are in the peer's zone and the member would wait for zone b or c.
        Response r = post("filter", Payloads.withNodes(Payloads.withZoneKey(
                        Payloads.member("shop", "shelves-store-1", "raft-kv", "shelves", "store", 3, true), TestObjects.RACK_LABEL),
                List.of(Payloads.node("a1", "zone-a", "rack-a1"), Payloads.node("a2", "zone-a", "rack-a2"))));

        r.then().statusCode(200).header(ExtenderResource.DECISION_HEADER, containsString("chose a2"));
        JsonNode body = json(r);
        assertThat(body.get("Nodes").get("items")).hasSize(1);
        assertThat(body.get("Nodes").get("items").get(0)).isEqualTo(mapper.valueToTree(Payloads.node("a2", "zone-a", "rack-a2")));
        assertThat(body.get("FailedAndUnresolvableNodes").get("a1").asText()).contains("2 of 3 members of shop/shelves/store");
    }

    @Test
    void aForeignPodPassesThroughInBothModes() throws IOException {
        JsonNode byNames = json(post("filter", Payloads.byNames(Payloads.foreign("shop", "web-0"), NODES)).then().statusCode(200).extract().response());
        assertThat(byNames.get("NodeNames")).hasSize(4);

        List<com.fasterxml.jackson.databind.node.ObjectNode> nodes = List.of(Payloads.node("a1", "zone-a"), Payloads.node("c1", null));
        JsonNode withNodes = json(post("filter", Payloads.withNodes(Payloads.foreign("shop", "web-0"), nodes)));
        assertThat(withNodes.get("Nodes").get("items")).isEqualTo(mapper.valueToTree(nodes));

        post("prioritize", Payloads.byNames(Payloads.foreign("shop", "web-0"), NODES)).then().statusCode(200).body(equalTo("[]"));
    }

    @Test
    void prioritizeAnswersHostsAndScoresInBothModes() throws IOException {
        JsonNode byNames = json(post("prioritize", Payloads.byNames(
                Payloads.member("shop", "stock-store-1", "raft-kv", "stock", "store", 3, true), List.of("a2", "b1"))));
        assertThat(byNames.isArray()).isTrue();
        assertThat(byNames.get(0).get("Host").asText()).isEqualTo("a2");
        assertThat(byNames.get(0).get("Score").asInt()).isEqualTo(2);
        assertThat(byNames.get(1).get("Score").asInt()).isEqualTo(10);

        JsonNode withNodes = json(post("prioritize", Payloads.withNodes(
                Payloads.member("shop", "stock-store-1", "raft-kv", "stock", "store", 3, true),
                List.of(Payloads.node("a2", "zone-a"), Payloads.node("b1", "zone-b")))));
        assertThat(withNodes).isEqualTo(byNames);
    }

    @Test
    void aMemberCreatedInTheClusterIsSeenByTheNextRequest() throws IOException {
        server.getClient().pods().inNamespace("shop").resource(
                TestObjects.member("shop", "ledger-pd-0", "raft-kv", "ledger", "pd", 3, true, "c1")).create();

        await().untilAsserted(() -> {
            JsonNode body = json(post("filter", Payloads.byNames(
                    Payloads.member("shop", "ledger-pd-2", "raft-kv", "ledger", "pd", 3, true), List.of("c1"))));
            assertThat(body.get("FailedAndUnresolvableNodes").get("c1").asText()).contains("shop/ledger/pd");
        });
    }

    @Test
    void keysInAnotherCaseAreReadAsGoReadsThem() throws IOException {
        String body = new String(Payloads.byNames(
                Payloads.member("shop", "audit-store-0", "raft-kv", "audit", "store", 3, true), List.of("b1")))
                .replace("\"Pod\"", "\"pod\"").replace("\"NodeNames\"", "\"nodeNames\"").replace("\"Nodes\"", "\"nodes\"");

        Response r = post("filter", body.getBytes());

        r.then().statusCode(200).header(ExtenderResource.DECISION_HEADER, containsString("chose b1"));
        assertThat(json(r).get("NodeNames")).containsExactly(mapper.getNodeFactory().textNode("b1"));
    }

    @Test
    void malformedJsonIsABadRequestThatSaysWhere() {
        post("filter", "{\"Pod\": {".getBytes()).then().statusCode(400)
                .body("Error", containsString("malformed ExtenderArgs at Pod: Unexpected end-of-input"));
        post("prioritize", "not json".getBytes()).then().statusCode(400)
                .body("Error", containsString("malformed ExtenderArgs at line 1, column 1: Unrecognized token 'not'"));
    }

    @Test
    void aFieldOfTheWrongShapeIsABadRequestThatNamesIt() {
        post("filter", "{\"Pod\":{\"metadata\":{\"name\":\"p\",\"namespace\":\"d\",\"labels\":[1]}},\"NodeNames\":[]}".getBytes())
                .then().statusCode(400).body("Error", containsString("at Pod.metadata.labels"));
        post("filter", "{\"Pod\":{\"metadata\":{\"name\":\"p\",\"namespace\":\"d\"}},\"Nodes\":{\"items\":[7]}}".getBytes())
                .then().statusCode(400).body("Error", containsString("Nodes.items[0]"));
    }

    @Test
    void missingPartsAreBadRequestsThatNameThem() {
        post("filter", "{\"NodeNames\":[\"a1\"]}".getBytes()).then().statusCode(400).body("Error", equalTo("Pod is missing"));
        post("prioritize", "{\"Pod\":{\"metadata\":{\"namespace\":\"d\"}},\"NodeNames\":[]}".getBytes())
                .then().statusCode(400).body("Error", equalTo("Pod.metadata.name is missing"));
        post("filter", "{\"Pod\":{\"metadata\":{\"name\":\"p\",\"namespace\":\"d\"}},\"Nodes\":null,\"NodeNames\":null}".getBytes())
                .then().statusCode(400).body("Error", containsString("neither Nodes nor NodeNames"));
        given().contentType("application/json").post("/scheduler/filter").then().statusCode(400)
                .body("Error", containsString("empty"));
    }

    @Test
    void healthAndMetricsAreServed() {
        post("filter", Payloads.byNames(Payloads.foreign("shop", "web-1"), NODES)).then().statusCode(200);
        post("filter", "{".getBytes()).then().statusCode(400);

        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("checks[0].data.nodes", equalTo(4));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("managedkvs_scheduler_request_seconds_count{mode=\"names\",outcome=\"ok\",verb=\"filter\"}");
        assertThat(metrics).containsPattern("managedkvs_scheduler_request_seconds_count\\{mode=\"unknown\",outcome=\"bad-request\",verb=\"filter\"} [1-9]");
        assertThat(metrics).containsPattern("managedkvs_scheduler_decisions_total\\{decision=\"passthrough\",verb=\"filter\"} [1-9]");
        assertThat(metrics).contains("managedkvs_scheduler_cache_nodes 4.0");
    }
}
