package io.managedkvs.api.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a backup or restore run reports to the operator: the pod writes it as its termination message
 * (a small JSON object), the operator reads it from the pod's status. Engine-independent.
 *
 * @param succeeded whether the data was stored (or restored) and checksummed
 * @param sizeBytes bytes stored
 * @param sha256    SHA-256 of the stored data, hex
 * @param location  where it is stored
 * @param source    the member the data was read from
 * @param message   what went wrong, when it did
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupReport(boolean succeeded, Long sizeBytes, String sha256, String location, String source, String message) {

    /** Kubernetes keeps at most 4096 bytes of a termination message. */
    public static final int MAX_BYTES = 4096;
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public static BackupReport success(long sizeBytes, String sha256, String location, String source) {
        return new BackupReport(true, sizeBytes, sha256, location, source, null);
    }

    public static BackupReport failure(String message) {
        String m = message == null ? "failed without a message" : message;
        return new BackupReport(false, null, null, null, null, m.length() > 3000 ? m.substring(0, 3000) + "..." : m);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record of strings and numbers is always JSON", e);
        }
    }

    /**
     * Prints the report as JSON and, when {@code reportFile} is given (a pod's
     * {@code /dev/termination-log}), writes it there too: how every backup tool ends.
     *
     * @return the tool's exit code: 0 when it succeeded, 1 when not
     */
    public int emit(Path reportFile, PrintWriter out) {
        String json = toJson();
        out.println(json);
        out.flush();
        if (reportFile != null) {
            try {
                Files.writeString(reportFile, json);
            } catch (IOException e) {
                out.println("cannot write the report to " + reportFile + ": " + e.getMessage());
            }
        }
        return succeeded ? 0 : 1;
    }

    /** The report in a termination message, or empty when there is none or it is not one. */
    public static Optional<BackupReport> fromJson(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(text.strip(), BackupReport.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
