package io.managedkvs.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The CRD users install is exactly the one the resource classes generate. */
class CrdDriftTest {

    @Test
    void checkedInCrdMatchesTheClasses() throws IOException {
        assertThat(CrdFiles.GENERATED).as("the build generates the CRD").exists();
        assertThat(CrdFiles.CHECKED_IN).as("the CRD is checked in under crds/").exists();
        String generated = Files.readString(CrdFiles.GENERATED);
        String checkedIn = Files.readString(CrdFiles.CHECKED_IN);
        assertThat(checkedIn)
                .as("crds/%s is out of date with the classes in engines/api. Regenerate it with:%n"
                        + "  ./mvnw -q -pl engines/api -am package -DskipTests && cp engines/api/%s crds/ && cp crds/%s charts/managed-kvs/crds/",
                        CrdFiles.FILE_NAME, CrdFiles.GENERATED, CrdFiles.FILE_NAME)
                .isEqualTo(generated);
    }
}
