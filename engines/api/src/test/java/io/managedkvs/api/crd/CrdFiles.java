package io.managedkvs.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSBackup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the generated and the checked-in CRD live, and how to read them. */
final class CrdFiles {

    static final String FILE_NAME = ManagedKVS.CRD_NAME + "-v1.yml";
    static final String BACKUP_FILE_NAME = ManagedKVSBackup.CRD_NAME + "-v1.yml";
    /** Written by GenerateCrd during the build of this module (process-test-classes). */
    static final Path GENERATED_DIR = Path.of("target", "generated-crds");
    static final Path GENERATED = GENERATED_DIR.resolve(FILE_NAME);
    /** Checked in at the repository root; the chart and users install this one. */
    static final Path CHECKED_IN_DIR = Path.of("..", "..", "crds");
    static final Path CHECKED_IN = CHECKED_IN_DIR.resolve(FILE_NAME);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private CrdFiles() {
    }

    static JsonNode read(Path path) {
        try {
            return YAML.readTree(Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path.toAbsolutePath(), e);
        }
    }

    /** Parses YAML text into a tree. */
    static JsonNode parse(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("not YAML: " + yaml, e);
        }
    }

    /** The openAPIV3Schema of the only version of the ManagedKVS CRD. */
    static JsonNode schema() {
        return read(CHECKED_IN).at("/spec/versions/0/schema/openAPIV3Schema");
    }

    /** The openAPIV3Schema of the only version of the ManagedKVSBackup CRD. */
    static JsonNode backupSchema() {
        return read(CHECKED_IN_DIR.resolve(BACKUP_FILE_NAME)).at("/spec/versions/0/schema/openAPIV3Schema");
    }
}
