package io.managedkvs.scheduler.http;

import com.fasterxml.jackson.annotation.JsonProperty;

/** kube-scheduler's {@code HostPriority}; a prioritize response is a JSON array of these, scores 0–10. */
public record HostPriority(@JsonProperty("Host") String host, @JsonProperty("Score") long score) {
}
