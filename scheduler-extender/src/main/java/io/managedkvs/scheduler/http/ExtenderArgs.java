package io.managedkvs.scheduler.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * kube-scheduler's {@code ExtenderArgs} (k8s.io/kube-scheduler/extender/v1), the body of filter and
 * prioritize. Its Go struct has no JSON tags, so the keys are the field names. Exactly one of
 * {@code Nodes} (when the extender is not {@code nodeCacheCapable}) and {@code NodeNames} is set.
 *
 * @param pod       the pod being scheduled
 * @param nodes     the candidate nodes as full objects, or null
 * @param nodeNames the candidate nodes by name, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExtenderArgs(@JsonProperty("Pod") WirePod pod,
                           @JsonProperty("Nodes") WireNodeList nodes,
                           @JsonProperty("NodeNames") List<String> nodeNames) {
}
