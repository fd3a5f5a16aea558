package io.managedkvs.operator.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A digest of a desired object, stored on the object as an annotation when it is applied. A reconcile
 * whose desired object has the digest the live object carries skips the apply, which is what makes
 * a reconcile of an unchanged resource write nothing.
 */
public final class AppliedHash {

    public static final String ANNOTATION = "managedkvs.io/applied-hash";

    private static final ObjectMapper MAPPER = Serialization.jsonMapper();

    private AppliedHash() {
    }

    /**
     * The digest of the object's canonical JSON (object keys sorted, the hash annotation itself left
     * out), as 32 hex digits.
     */
    public static String of(HasMetadata object) {
        ObjectNode tree = MAPPER.valueToTree(object);
        JsonNode annotations = tree.path("metadata").path("annotations");
        if (annotations instanceof ObjectNode a) {
            a.remove(ANNOTATION);
            if (a.isEmpty()) {
                ((ObjectNode) tree.get("metadata")).remove("annotations");
            }
        }
        try {
            byte[] canonical = MAPPER.writeValueAsBytes(canonical(tree));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot digest " + object.getKind() + " " + object.getMetadata().getName(), e);
        }
    }

    /** The digest the live object was last applied with, or null. */
    public static String on(HasMetadata live) {
        Map<String, String> annotations = live.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(ANNOTATION);
    }

    private static JsonNode canonical(JsonNode node) {
        if (node instanceof ObjectNode object) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                sorted.put(field.getKey(), canonical(field.getValue()));
            }
            ObjectNode out = MAPPER.createObjectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode out = MAPPER.createArrayNode();
            array.forEach(element -> out.add(canonical(element)));
            return out;
        }
        return node;
    }
}
