package io.managedkvs.scheduler.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A {@code v1.NodeList} as kube-scheduler sends it ({@code items} is null when there are no nodes).
 * Returned filtered in the same shape.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WireNodeList(Map<String, Object> metadata, List<WireNode> items) {

    public static WireNodeList of(List<WireNode> items) {
        return new WireNodeList(Map.of(), items);
    }
}
