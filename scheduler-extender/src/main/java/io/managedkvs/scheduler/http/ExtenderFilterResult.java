package io.managedkvs.scheduler.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * kube-scheduler's {@code ExtenderFilterResult}. In node-cache mode the nodes that pass are in
 * {@code NodeNames} (kube-scheduler reads it only when it was configured {@code nodeCacheCapable}); with
 * full node lists they are in {@code Nodes}. A non-empty {@code Error} fails the scheduling attempt, so
 * it is only used for requests the extender cannot judge.
 *
 * @param failedNodes                nodes filtered out where preemption might help, with reasons
 * @param failedAndUnresolvableNodes nodes filtered out where preemption would not help, with reasons
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExtenderFilterResult(@JsonProperty("Nodes") WireNodeList nodes,
                                   @JsonProperty("NodeNames") List<String> nodeNames,
                                   @JsonProperty("FailedNodes") Map<String, String> failedNodes,
                                   @JsonProperty("FailedAndUnresolvableNodes") Map<String, String> failedAndUnresolvableNodes,
                                   @JsonProperty("Error") String error) {
}
