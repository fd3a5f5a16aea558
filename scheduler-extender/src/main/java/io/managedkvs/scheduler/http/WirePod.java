package io.managedkvs.scheduler.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * The part of a {@code v1.Pod} the extender reads. Everything else in the pod is skipped unread, so new
 * pod fields in later Kubernetes versions cannot break the extender.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WirePod(Metadata metadata, Spec spec) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Metadata(String name, String namespace, String uid, Map<String, String> labels,
                           Map<String, String> annotations) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Spec(Map<String, String> nodeSelector, String schedulerName) {
    }
}
