package io.managedkvs.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * fabric8's CRUD dispatcher, extended so that the operator's production code path — server-side apply
 * — runs against the mock API server, and instrumented for tests: every request is recorded, and a
 * request can be made to fail once.
 *
 * <p>An apply ({@code application/apply-patch+yaml}) creates the object when it is missing and
 * otherwise replaces it with the applied object, keeping the stored status and server-set metadata.
 * An apply of metadata only with finalizers (how the Operator SDK adds and removes a finalizer) changes
 * only the finalizers. It cannot model field ownership otherwise: fields another manager set on an applied object are lost (a real
 * API server keeps them), fields the operator stops sending disappear (as they would for fields it
 * owns), and {@code force} and the field manager are ignored. Applies to a status subresource answer
 * 415, as the plain mock does.
 */
public class ServerSideApplyCrudDispatcher extends KubernetesCrudDispatcher {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the mock received it. */
    public record Call(String method, String path, String contentType, String userAgent) {

        public boolean isWrite() {
            return !"GET".equals(method);
        }

        public boolean isApply() {
            return "PATCH".equals(method) && contentType != null && contentType.startsWith("application/apply-patch");
        }

        @Override
        public String toString() {
            return method + " " + path + (contentType == null ? "" : " (" + contentType + ")");
        }
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Predicate<Call>> failOnce = new CopyOnWriteArrayList<>();
    private final Object applyLock = new Object();
    private volatile UnaryOperator<ObjectNode> normalise = UnaryOperator.identity();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Call call = new Call(request.getMethod(), request.getPath(), request.getHeader("Content-Type"), request.getHeader("User-Agent"));
        calls.add(call);
        for (Predicate<Call> rule : failOnce) {
            if (rule.test(call) && failOnce.remove(rule)) {
                return new MockResponse().setResponseCode(403).setBody(
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"injected failure\","
                                + "\"reason\":\"Forbidden\",\"code\":403}");
            }
        }
        if ("/version".equals(call.path())) {
            return new MockResponse().setResponseCode(200).setBody("{\"major\":\"1\",\"minor\":\"33\",\"gitVersion\":\"v1.33.0\"}");
        }
        return super.dispatch(request);
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        String contentType = request.getHeader("Content-Type");
        if (contentType != null && contentType.startsWith("application/apply-patch")) {
            return apply(request);
        }
        return super.handlePatch(request);
    }

    /**
     * Makes the first request matching {@code rule} from now on answer 403, once. (The client retries
     * 5xx answers by itself; a 403 reaches the operator, as a missing RBAC rule would.)
     */
    /**
     * Rewrites every applied object before it is stored, as a real API server canonicalises some
     * values (a quantity written {@code 0.5Gi} is stored as {@code 512Mi}).
     */
    public void normaliseOnApply(UnaryOperator<ObjectNode> rewrite) {
        normalise = rewrite;
    }

    public void failOnce(Predicate<Call> rule) {
        failOnce.add(rule);
    }

    /** Every request received so far, in order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The requests received after the first {@code from}. */
    public List<Call> callsSince(int from) {
        List<Call> all = calls();
        return all.subList(Math.min(from, all.size()), all.size());
    }

    public int callCount() {
        return calls.size();
    }

    private MockResponse apply(RecordedRequest request) {
        String path = request.getPath();
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.endsWith("/status")) {
            return new MockResponse().setResponseCode(415);
        }
        ObjectNode applied;
        try {
            applied = normalise.apply((ObjectNode) YAML.readTree(request.getBody().readUtf8()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        synchronized (applyLock) {
            MockResponse existing = handleGet(path);
            if (existing.code() == 404) {
                String collection = path.substring(0, path.lastIndexOf('/'));
                return handleCreate(json(HttpMethod.POST, collection, applied));
            }
            JsonNode current = read(existing.getBody().readUtf8());
            if (metadataOnly(applied)) {
                // The Operator SDK applies finalizers with an object of metadata only: it owns those, not the spec.
                ObjectNode merged = ((ObjectNode) current).deepCopy();
                ((ObjectNode) merged.get("metadata")).set("finalizers", applied.path("metadata").path("finalizers"));
                return handleUpdate(json(HttpMethod.PUT, path, merged));
            }
            if (current.has("status")) {
                applied.set("status", current.get("status"));
            }
            return handleUpdate(json(HttpMethod.PUT, path, applied));
        }
    }

    private static boolean metadataOnly(ObjectNode applied) {
        for (var names = applied.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("apiVersion") && !name.equals("kind") && !name.equals("metadata")) {
                return false;
            }
        }
        return applied.path("metadata").has("finalizers");
    }

    private static RecordedRequest json(HttpMethod method, String path, JsonNode body) {
        try {
            Headers headers = Headers.builder().add("Content-Type", "application/json").build();
            return new RecordedRequest("HTTP/1.1", method, path, headers, new Buffer().writeUtf8(JSON.writeValueAsString(body)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
