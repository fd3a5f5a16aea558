package io.managedkvs.chart.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Values that override the chart's defaults, set by dotted path ({@code scheduler.enabled}) and
 * written as a values file, so that lists, maps and wrong types reach Helm exactly as given.
 */
public final class ChartValues {

    private final Map<String, Object> overrides = new LinkedHashMap<>();

    private ChartValues() {
    }

    public static ChartValues defaults() {
        return new ChartValues();
    }

    public ChartValues set(String path, Object value) {
        overrides.put(path, value);
        return this;
    }

    /** The overrides as one nested YAML document. */
    public String toYaml() {
        ObjectNode root = Yaml.object();
        overrides.forEach((path, value) -> {
            String[] keys = path.split("\\.");
            ObjectNode parent = root;
            for (int i = 0; i < keys.length - 1; i++) {
                JsonNode child = parent.get(keys[i]);
                parent = child != null && child.isObject() ? (ObjectNode) child : parent.putObject(keys[i]);
            }
            parent.set(keys[keys.length - 1], Yaml.MAPPER.valueToTree(value));
        });
        return Yaml.write(root);
    }

    @Override
    public String toString() {
        return overrides.isEmpty() ? "defaults" : overrides.toString();
    }
}
