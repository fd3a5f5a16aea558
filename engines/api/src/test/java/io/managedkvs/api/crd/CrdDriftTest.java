package io.managedkvs.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CRDs users install are exactly the ones the resource classes generate. */
class CrdDriftTest {

    @ParameterizedTest
    @ValueSource(strings = {CrdFiles.FILE_NAME, CrdFiles.BACKUP_FILE_NAME})
    void checkedInCrdMatchesTheClasses(String file) throws IOException {
        Path generated = CrdFiles.GENERATED_DIR.resolve(file);
        Path checkedIn = CrdFiles.CHECKED_IN_DIR.resolve(file);
        assertThat(generated).as("the build generates the CRD").exists();
        assertThat(checkedIn).as("the CRD is checked in under crds/").exists();
        assertThat(Files.readString(checkedIn))
                .as("crds/%s is out of date with the classes in engines/api. Regenerate both CRDs with:%n"
                        + "  ./mvnw -q -pl engines/api -am package -DskipTests && cp engines/api/%s/*.yml crds/ && cp crds/*.yml charts/managed-kvs/crds/",
                        file, CrdFiles.GENERATED_DIR)
                .isEqualTo(Files.readString(generated));
    }

    @Test
    void nothingElseIsCheckedIn() throws IOException {
        try (Stream<Path> files = Files.list(CrdFiles.CHECKED_IN_DIR)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(CrdFiles.FILE_NAME, CrdFiles.BACKUP_FILE_NAME);
        }
    }
}
