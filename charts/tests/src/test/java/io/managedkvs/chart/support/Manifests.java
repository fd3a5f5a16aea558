package io.managedkvs.chart.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;

/** The documents of one rendering, each parsed strictly into its fabric8 model class. */
public record Manifests(String yaml, List<JsonNode> documents, List<HasMetadata> objects) {

    public static Manifests parse(String yaml) {
        List<JsonNode> documents = Yaml.readAll(yaml);
        return new Manifests(yaml, documents, documents.stream().map(StrictKubernetesParser::parse).toList());
    }

    public <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    public <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError("no " + HasMetadata.getKind(type) + " named " + name
                + " in the rendering; rendered: " + names()));
    }

    /** kind/name of every object, for messages. */
    public List<String> names() {
        return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    }
}
