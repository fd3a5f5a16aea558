package io.managedkvs.scheduler.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a node into a {@link WireNode} (name, labels, and the verbatim tokens) and writes it back. Field
 * names are matched case-insensitively, as Go's encoding/json and the rest of the request reader do.
 */
final class WireNodeCodec {

    private WireNodeCodec() {
    }

    static final class Reader extends JsonDeserializer<WireNode> {
        @Override
        public WireNode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw MismatchedInputException.from(p, WireNode.class, "a node must be a JSON object");
            }
            TokenBuffer raw = ctxt.bufferAsCopyOfValue(p);
            String name = null;
            Map<String, String> labels = null;
            try (JsonParser q = raw.asParser(p.getCodec())) {
                q.nextToken();
                while (q.nextToken() == JsonToken.FIELD_NAME) {
                    String field = q.currentName();
                    JsonToken value = q.nextToken();
                    if ("metadata".equalsIgnoreCase(field) && value == JsonToken.START_OBJECT) {
                        while (q.nextToken() == JsonToken.FIELD_NAME) {
                            String metaField = q.currentName();
                            JsonToken metaValue = q.nextToken();
                            if ("name".equalsIgnoreCase(metaField) && metaValue == JsonToken.VALUE_STRING) {
                                name = q.getText();
                            } else if ("labels".equalsIgnoreCase(metaField) && metaValue == JsonToken.START_OBJECT) {
                                labels = readLabels(q);
                            } else {
                                q.skipChildren();
                            }
                        }
                    } else {
                        q.skipChildren();
                    }
                }
            }
            return new WireNode(name, labels, raw);
        }

        private static Map<String, String> readLabels(JsonParser q) throws IOException {
            Map<String, String> labels = new HashMap<>();
            while (q.nextToken() == JsonToken.FIELD_NAME) {
                String key = q.currentName();
                JsonToken v = q.nextToken();
                if (v == JsonToken.VALUE_STRING) {
                    labels.put(key, q.getText());
                } else {
                    q.skipChildren();
                }
            }
            return labels;
        }
    }

    static final class Writer extends JsonSerializer<WireNode> {
        @Override
        public void serialize(WireNode node, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            node.raw().serialize(gen);
        }
    }
}
