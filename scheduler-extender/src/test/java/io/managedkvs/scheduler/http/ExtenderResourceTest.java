package io.managedkvs.scheduler.http;

import static io.managedkvs.scheduler.http.WireFormatTest.payload;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.managedkvs.scheduler.cache.NodeFacts;
import io.managedkvs.scheduler.cache.PlacementCache;
import io.managedkvs.scheduler.cache.PodFacts;
import io.managedkvs.scheduler.metrics.ExtenderMetrics;
import io.managedkvs.scheduler.policy.GroupKey;
import io.managedkvs.scheduler.policy.PlacementPolicy;
import io.managedkvs.scheduler.policy.ZoneMajority;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP handlers without a server: how a body is read (key case, failures while reading) and how each
 * outcome is counted.
 */
class ExtenderResourceTest {

    private static final String A = "ip-10-0-1-17.eu-west-1.compute.internal";
    private static final String B = "ip-10-0-2-41.eu-west-1.compute.internal";
    private static final String C = "ip-10-0-3-66.eu-west-1.compute.internal";

    private final ObjectMapper mapper = new ObjectMapper();
    private final PlacementCache cache = new PlacementCache(Duration.ofMinutes(5));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ExtenderResource resource;

    @BeforeEach
    void setUp() {
        cache.applyNode(new NodeFacts(A, "eu-west-1a", true, Map.of()));
        cache.applyNode(new NodeFacts(B, "eu-west-1b", true, Map.of()));
        cache.applyNode(new NodeFacts(C, "eu-west-1c", true, Map.of()));
        cache.applyPod(new PodFacts("shop/orders-store-0", new GroupKey("shop", "orders", "store"), A, true));
        ExtenderMetrics metrics = new ExtenderMetrics(registry, cache);
        ExtenderVerbs verbs = new ExtenderVerbs(new PlacementPolicy(ZoneMajority.REQUIRED), cache, () -> true,
                metrics);
        resource = new ExtenderResource(mapper, verbs, metrics);
    }

    private double requests(String verb, String mode, String outcome) {
        return registry.get("managedkvs.scheduler.request").tag("verb", verb).tag("mode", mode).tag("outcome", outcome)
                .timer().count();
    }

    /** A body that breaks off after its first bytes, as when the connection fails mid-request. */
    private static InputStream breaksOffAfter(String prefix) {
        return new InputStream() {
            private final ByteArrayInputStream start = new ByteArrayInputStream(prefix.getBytes(StandardCharsets.UTF_8));

            @Override
            public int read() {
                int b = start.read();
                if (b == -1) {
                    throw new IllegalStateException("connection reset");
                }
                return b;
            }
        };
    }

    @Test
    void aBodyThatFailsWhileReadIsABadRequestCountedWithModeUnknown() {
        Response filter = resource.filter(breaksOffAfter("{\"Pod\": {\"metadata\": "));
        Response prioritize = resource.prioritize(breaksOffAfter("{\"NodeNames\": [\"a"));

        assertThat(filter.getStatus()).isEqualTo(400);
        assertThat(prioritize.getStatus()).isEqualTo(400);
        assertThat(filter.getEntity()).isInstanceOfSatisfying(Map.class, body ->
                assertThat(body.get("Error").toString()).startsWith("unreadable ExtenderArgs").contains("connection reset"));
        assertThat(requests("filter", "unknown", "bad-request")).isEqualTo(1);
        assertThat(requests("prioritize", "unknown", "bad-request")).isEqualTo(1);
        assertThat(requests("filter", "unknown", "internal-error")).isZero();
        assertThat(requests("prioritize", "unknown", "internal-error")).isZero();
        assertThat(cache.reservationCount()).isZero();
    }

    @Test
    void malformedJsonIsCountedAsABadRequestWithModeUnknown() {
        Response r = resource.filter(new ByteArrayInputStream("{\"Pod\": [".getBytes(StandardCharsets.UTF_8)));

        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(requests("filter", "unknown", "bad-request")).isEqualTo(1);
    }

    @Test
    void keysAreMatchedWithoutRegardToCaseAsGoDoes() throws IOException {
        ObjectNode exact = (ObjectNode) mapper.readTree(payload("filter-nodenames.json"));
        ObjectNode pod = (ObjectNode) exact.get("Pod");
        ObjectNode metadata = (ObjectNode) pod.get("metadata");
        ObjectNode lower = mapper.createObjectNode();
        ObjectNode lowerPod = lower.putObject("pod");
        lowerPod.set("METADATA", metadata);
        lowerPod.set("Spec", pod.get("spec"));
        lower.set("nodenames", exact.get("NodeNames"));

        Response r = resource.filter(new ByteArrayInputStream(mapper.writeValueAsBytes(lower)));

        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getEntity()).isInstanceOfSatisfying(ExtenderFilterResult.class, result -> {
            assertThat(result.nodeNames()).as("the member of zone a's group goes to another zone").containsExactly(B);
            assertThat(result.failedAndUnresolvableNodes()).containsOnlyKeys(A);
        });
        assertThat(cache.placementOf("shop/orders-store-1")).isEqualTo(B);
        assertThat(requests("filter", "names", "ok")).isEqualTo(1);
    }

    @Test
    void labelKeysStayExactLikeGoMapKeys() throws IOException {
        ObjectNode args = (ObjectNode) mapper.readTree(payload("filter-nodenames.json"));
        ObjectNode labels = (ObjectNode) args.get("Pod").get("metadata").get("labels");
        labels.set("APP.KUBERNETES.IO/MANAGED-BY", labels.remove("app.kubernetes.io/managed-by"));

        Response r = resource.filter(new ByteArrayInputStream(mapper.writeValueAsBytes(args)));

        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getEntity()).isInstanceOfSatisfying(ExtenderFilterResult.class, result ->
                assertThat(result.nodeNames()).as("not recognised as a member: every node passes").containsExactly(A, B, C));
        assertThat(cache.reservationCount()).isZero();
    }
}
