package io.managedkvs.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.managedkvs.api.crd.CelRules;
import io.managedkvs.api.engine.SpecViolation;
import io.managedkvs.api.resource.ManagedKVS;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest under {@code manifests/invalid} is refused — by the CRD's schema and CEL rules (as
 * the API server would) or by the engine-independent validation — with the offending field named; every manifest
 * under {@code manifests/valid} passes both. The first line of an invalid manifest says which field
 * must be named and by whom: {@code # rejects: spec.replicas (by the schema)}.
 */
class ManifestCorpusTest {

    private static final Path CORPUS = Path.of("src", "test", "resources", "manifests");
    private static final Path CRD = Path.of("..", "..", "crds", ManagedKVS.CRD_NAME + "-v1.yml");
    private static final Pattern EXPECTATION = Pattern.compile("# rejects: (\\S+) \\(by the (schema|operator)\\)");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Schema SCHEMA = loadSchema();
    private static final CelRules CEL_RULES = loadCelRules();
    private final CommonSpecValidator validator = new CommonSpecValidator();

    static Stream<Path> invalid() throws IOException {
        return list("invalid");
    }

    static Stream<Path> valid() throws IOException {
        return list("valid");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidManifestIsRefusedNamingTheField(Path manifest) throws IOException {
        String yaml = Files.readString(manifest);
        Matcher expectation = EXPECTATION.matcher(yaml.lines().findFirst().orElse(""));
        assertThat(expectation.matches()).as("%s starts with '# rejects: <field> (by the schema|operator)'", manifest).isTrue();
        String field = expectation.group(1);
        List<String> schemaErrors = schemaErrors(yaml);

        if (expectation.group(2).equals("schema")) {
            assertThat(schemaErrors).as("schema errors of %s", manifest.getFileName()).contains(field);
        } else {
            assertThat(schemaErrors).as("the schema accepts %s; the operator must refuse it", manifest.getFileName()).isEmpty();
            List<SpecViolation> violations = validator.validate(Serialization.unmarshal(yaml, ManagedKVS.class));
            assertThat(violations).extracting(SpecViolation::field).as("violations of %s", manifest.getFileName()).contains(field);
            assertThat(violations).allSatisfy(v -> assertThat(v.message()).isNotBlank());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validManifestPassesSchemaAndValidation(Path manifest) throws IOException {
        String yaml = Files.readString(manifest);
        assertThat(schemaErrors(yaml)).isEmpty();
        assertThat(validator.validate(Serialization.unmarshal(yaml, ManagedKVS.class))).isEmpty();
    }

    /**
     * The fields the schema complains about, as users write them: {@code spec.a.b}, {@code spec.list[0].c}.
     * The JSON-schema validator checks the OpenAPI keywords; {@link CelRules} checks the CEL rules.
     */
    private static List<String> schemaErrors(String yaml) throws IOException {
        JsonNode document = YAML.readTree(yaml);
        List<String> fields = new ArrayList<>();
        for (Error error : SCHEMA.validate(yaml, InputFormat.YAML)) {
            fields.add(fieldOf(error, document));
        }
        for (CelRules.Violation violation : CEL_RULES.onCreate(document)) {
            fields.add(violation.field());
        }
        return fields;
    }

    private static String fieldOf(Error error, JsonNode document) {
        // Instance locations are JSON pointers (/spec/scheduling/tolerations/0/operator).
        List<String> segments = new ArrayList<>();
        for (String segment : error.getInstanceLocation().toString().replaceFirst("^[$/]+", "").split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment.replace("~1", "/").replace("~0", "~"));
            }
        }
        if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
            segments.add(error.getProperty());
        }
        StringBuilder field = new StringBuilder();
        JsonNode node = document;
        for (String segment : segments) {
            if (node != null && node.isArray()) {
                field.append('[').append(segment).append(']');
                node = node.get(Integer.parseInt(segment));
            } else {
                field.append(field.length() == 0 ? "" : ".").append(segment);
                node = node == null ? null : node.get(segment);
            }
        }
        return field.toString();
    }

    private static Schema loadSchema() {
        try {
            String schemaJson = new ObjectMapper().writeValueAsString(
                    YAML.readTree(Files.readString(CRD)).at("/spec/versions/0/schema/openAPIV3Schema"));
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schemaJson, InputFormat.JSON);
        } catch (IOException e) {
            throw new IllegalStateException("cannot load the CRD schema from " + CRD.toAbsolutePath(), e);
        }
    }

    private static CelRules loadCelRules() {
        try {
            return new CelRules(YAML.readTree(Files.readString(CRD)).at("/spec/versions/0/schema/openAPIV3Schema"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot load the CRD schema from " + CRD.toAbsolutePath(), e);
        }
    }

    private static Stream<Path> list(String folder) throws IOException {
        try (Stream<Path> files = Files.list(CORPUS.resolve(folder))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }
}
