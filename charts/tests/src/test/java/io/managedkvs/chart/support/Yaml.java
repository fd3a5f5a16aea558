package io.managedkvs.chart.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading and writing YAML (one or many documents) as Jackson trees. */
public final class Yaml {

    public static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // A string such as "1" stays a string: Helm's schema tells them apart.
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build());

    private Yaml() {
    }

    public static JsonNode read(Path file) {
        try {
            return MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static JsonNode read(String yaml) {
        try {
            return MAPPER.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse YAML: " + e.getMessage(), e);
        }
    }

    /** Every non-empty document of a multi-document stream, in order. */
    public static List<JsonNode> readAll(String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        try (YAMLParser parser = (YAMLParser) MAPPER.getFactory().createParser(yaml)) {
            var iterator = MAPPER.readValues(parser, JsonNode.class);
            while (iterator.hasNext()) {
                JsonNode node = iterator.next();
                if (node != null && !node.isNull() && !node.isMissingNode() && !(node.isObject() && node.isEmpty())) {
                    documents.add(node);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse rendered YAML: " + e.getMessage(), e);
        }
        return documents;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
