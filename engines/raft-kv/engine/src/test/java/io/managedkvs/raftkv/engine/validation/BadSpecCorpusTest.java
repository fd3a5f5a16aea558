package io.managedkvs.raftkv.engine.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.managedkvs.api.engine.SpecViolation;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.validation.CommonSpecValidator;
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
 * raft-kv specs the schema lets through but the operator refuses, as the operator checks them: the
 * common checks first, then the engine's. Each manifest under {@code manifests/invalid} starts with
 * {@code # rejects: <field>}; every one under {@code manifests/valid} passes both.
 */
class BadSpecCorpusTest {

    private static final Path CORPUS = Path.of("src", "test", "resources", "manifests");
    private static final Pattern EXPECTATION = Pattern.compile("# rejects: (\\S+)");

    static Stream<Path> invalid() throws IOException {
        return list("invalid");
    }

    static Stream<Path> valid() throws IOException {
        return list("valid");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void refusedNamingTheField(Path manifest) throws IOException {
        String yaml = Files.readString(manifest);
        Matcher expectation = EXPECTATION.matcher(yaml.lines().findFirst().orElse(""));
        assertThat(expectation.matches()).as("%s starts with '# rejects: <field>'", manifest).isTrue();

        List<SpecViolation> violations = check(Serialization.unmarshal(yaml, ManagedKVS.class));
        assertThat(violations).extracting(SpecViolation::field).as("violations of %s", manifest.getFileName())
                .contains(expectation.group(1));
        assertThat(violations).allSatisfy(v -> assertThat(v.message()).isNotBlank());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void accepted(Path manifest) throws IOException {
        assertThat(check(Serialization.unmarshal(Files.readString(manifest), ManagedKVS.class))).isEmpty();
    }

    /** As the operator runs them: the engine's checks only once the common ones pass. */
    private static List<SpecViolation> check(ManagedKVS resource) {
        List<SpecViolation> out = new ArrayList<>(new CommonSpecValidator().validate(resource));
        if (out.isEmpty()) {
            out.addAll(new RaftKvSpecValidator().validate(resource));
        }
        return out;
    }

    private static Stream<Path> list(String folder) throws IOException {
        try (Stream<Path> files = Files.list(CORPUS.resolve(folder))) {
            return files.sorted().toList().stream();
        }
    }
}
