package io.managedkvs.operator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a live object no longer holds what the operator applied: the paths of the desired object whose
 * value is missing from the live copy or different there. Fields the live copy has on top (defaults
 * the API server filled in, fields other managers own) are not differences. Only what the operator
 * sets is compared: everything but {@code status} and the server-managed parts of {@code metadata}.
 */
public final class LiveDrift {

    private static final ObjectMapper MAPPER = Serialization.jsonMapper();
    private static final Set<String> IGNORED_TOP_LEVEL = Set.of("apiVersion", "kind", "metadata", "status");
    private static final List<String> COMPARED_METADATA = List.of("labels", "annotations");

    private LiveDrift() {
    }

    /** The differing paths, as JSON pointers such as {@code /spec/replicas}; empty when the live copy holds it all. */
    public static List<String> differences(HasMetadata desired, HasMetadata live) {
        JsonNode want = MAPPER.valueToTree(desired);
        JsonNode have = MAPPER.valueToTree(live);
        List<String> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!IGNORED_TOP_LEVEL.contains(field.getKey())) {
                compare("/" + field.getKey(), field.getValue(), have.get(field.getKey()), out);
            }
        }
        for (String part : COMPARED_METADATA) {
            compare("/metadata/" + part, want.path("metadata").get(part), have.path("metadata").get(part), out);
        }
        return out;
    }

    private static void compare(String path, JsonNode want, JsonNode have, List<String> out) {
        if (want == null || want.isNull() || (want.isContainerNode() && want.isEmpty() && absent(have))) {
            return;
        }
        if (have == null || have.isNull()) {
            out.add(path);
        } else if (want.isObject()) {
            if (!have.isObject()) {
                out.add(path);
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                compare(path + "/" + escape(field.getKey()), field.getValue(), have.get(field.getKey()), out);
            }
        } else if (want.isArray()) {
            if (!have.isArray() || have.size() != want.size()) {
                out.add(path);
                return;
            }
            for (int i = 0; i < want.size(); i++) {
                compare(path + "/" + i, want.get(i), have.get(i), out);
            }
        } else if (!sameScalar(want, have)) {
            out.add(path);
        }
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || (node.isContainerNode() && node.isEmpty());
    }

    private static boolean sameScalar(JsonNode want, JsonNode have) {
        if (want.isNumber() && have.isNumber()) {
            return want.decimalValue().compareTo(have.decimalValue()) == 0;
        }
        return want.equals(have);
    }

    /** JSON pointer escaping (RFC 6901), since label keys hold slashes. */
    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
