package io.managedkvs.chart.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.managedkvs.api.engine.KvsEngine;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.validation.CommonSpecValidator;
import io.managedkvs.chart.support.ChartPaths;
import io.managedkvs.chart.support.Yaml;
import io.managedkvs.operator.engine.EngineRegistry;
import io.managedkvs.raftkv.engine.RaftKvEngine;
import io.managedkvs.redis.RedisSentinelEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The example resources users copy (examples/ and the one NOTES.txt shows after an install) are
 * accepted by the CRD's schema, as the API server would check them, by the operator's
 * engine-independent validation and by the engine they name, which renders resources for them.
 */
class ExamplesTest {

    private static final Schema CRD_SCHEMA = crdSchema();
    /** The engines the operator runs (its EngineProducers), with a trigger that is never needed here. */
    private static final EngineRegistry ENGINES = new EngineRegistry(
            List.of(new RedisSentinelEngine(PlatformSettings.defaults(), resource -> { }), new RaftKvEngine(PlatformSettings.defaults())));

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(ChartPaths.EXAMPLES)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void everyEngineTheOperatorRunsHasAnExample() throws IOException {
        assertThat(examples().map(p -> Yaml.read(p).at("/spec/engine").asText()).distinct())
                .containsExactlyInAnyOrderElementsOf(ENGINES.names());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleIsAcceptedByTheCrdAndTheOperator(Path example) throws IOException {
        assertValid(Files.readString(example), example.getFileName().toString());
    }

    @Test
    void theFirstInstanceShownAfterInstallIsValid() throws IOException {
        List<String> notes = Files.readAllLines(ChartPaths.CHART.resolve(Path.of("templates", "NOTES.txt")));
        int start = notes.indexOf(notes.stream().filter(l -> l.contains("<<'YAML'")).findFirst().orElseThrow()) + 1;
        int end = notes.subList(start, notes.size()).indexOf("  YAML") + start;
        String yaml = notes.subList(start, end).stream().map(l -> l.replaceFirst("^  ", "")).collect(Collectors.joining("\n"));
        assertThat(yaml).contains("kind: ManagedKVS").doesNotContain("{{");
        assertValid(yaml, "NOTES.txt");
    }

    @Test
    void anInvalidResourceIsRefused() {
        String yaml = """
                apiVersion: managedkvs.io/v1alpha1
                kind: ManagedKVS
                metadata: {name: broken}
                spec: {engine: redis-sentinel, version: latest, replicas: "three"}
                """;
        assertThat(CRD_SCHEMA.validate(yaml, InputFormat.YAML)).isNotEmpty();
    }

    private static void assertValid(String yaml, String what) {
        assertThat(CRD_SCHEMA.validate(yaml, InputFormat.YAML)).as("CRD schema errors of %s", what).isEmpty();
        ManagedKVS resource = Serialization.unmarshal(yaml, ManagedKVS.class);
        resource.getMetadata().setNamespace("apps");
        assertThat(new CommonSpecValidator().validate(resource)).as("operator validation of %s", what).isEmpty();
        KvsEngine<?> engine = ENGINES.find(resource.getSpec().engine())
                .orElseThrow(() -> new AssertionError(what + " uses an engine the operator does not run: " + resource.getSpec().engine()));
        assertThat(engine.validate(resource)).as("%s validation of %s", engine.name(), what).isEmpty();
        assertThat(engine.desiredResources(resource)).as("resources of %s", what).isNotEmpty();
    }

    private static Schema crdSchema() {
        String json = Yaml.read(ChartPaths.CHART_CRDS.resolve(ManagedKVS.CRD_NAME + "-v1.yml"))
                .at("/spec/versions/0/schema/openAPIV3Schema").toString();
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(json, InputFormat.JSON);
    }
}
