package io.managedkvs.chart.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.managedkvs.chart.support.ChartPaths;
import io.managedkvs.chart.support.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every value is documented where users look: a "# --" comment above it in values.yaml, a row in
 * docs/install.md, and a property in values.schema.json.
 */
class ValuesDocumentationTest {

    private static final Pattern KEY = Pattern.compile("^(\\s*)([A-Za-z][A-Za-z0-9_-]*):(.*)$");

    @Test
    void everyValueIsCommentedInValuesYaml() throws IOException {
        Set<String> documented = documentedPaths();
        assertThat(documented).hasSizeGreaterThan(80);
        for (String leaf : leafPaths(Yaml.read(ChartPaths.CHART.resolve("values.yaml")), "")) {
            assertThat(documented.stream().anyMatch(d -> leaf.equals(d) || leaf.startsWith(d + ".")))
                    .as("%s has a '# --' comment in values.yaml (on itself or on the value it belongs to)", leaf).isTrue();
        }
    }

    @Test
    void everyDocumentedValueHasARowInTheInstallGuide() throws IOException {
        String guide = Files.readString(ChartPaths.INSTALL_DOC);
        for (String path : documentedPaths()) {
            assertThat(guide).as("docs/install.md documents %s", path).contains("| `" + path + "` |");
        }
    }

    @Test
    void everyDocumentedValueIsInTheSchema() {
        JsonNode schema = Yaml.read(ChartPaths.CHART.resolve("values.schema.json"));
        for (String path : documentedPaths()) {
            JsonNode node = schema;
            for (String key : path.split("\\.")) {
                node = node.path("properties").path(key);
            }
            assertThat(node.isMissingNode()).as("values.schema.json describes %s", path).isFalse();
            assertThat(node.path("description").asText()).as("schema description of %s", path).isNotBlank();
        }
    }

    /** The dotted paths of values.yaml keys whose line is preceded by a "# --" comment block. */
    private static Set<String> documentedPaths() {
        try {
            Set<String> paths = new LinkedHashSet<>();
            Deque<Map.Entry<Integer, String>> parents = new ArrayDeque<>();
            boolean commented = false;
            for (String line : Files.readAllLines(ChartPaths.CHART.resolve("values.yaml"))) {
                String stripped = line.strip();
                if (stripped.startsWith("# --")) {
                    commented = true;
                    continue;
                }
                if (stripped.startsWith("#") || stripped.isEmpty()) {
                    continue;
                }
                Matcher key = KEY.matcher(line);
                if (!key.matches()) {
                    commented = false;
                    continue;
                }
                int indent = key.group(1).length();
                while (!parents.isEmpty() && parents.peek().getKey() >= indent) {
                    parents.pop();
                }
                List<String> names = new ArrayList<>();
                for (Iterator<Map.Entry<Integer, String>> it = parents.descendingIterator(); it.hasNext(); ) {
                    names.add(it.next().getValue());
                }
                names.add(key.group(2));
                if (commented) {
                    paths.add(String.join(".", names));
                }
                parents.push(Map.entry(indent, key.group(2)));
                commented = false;
            }
            return paths;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> leafPaths(JsonNode node, String prefix) {
        List<String> leaves = new ArrayList<>();
        if (node.isObject() && !node.isEmpty()) {
            node.fields().forEachRemaining(f -> leaves.addAll(leafPaths(f.getValue(), prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey())));
        } else {
            leaves.add(prefix);
        }
        return leaves;
    }
}
