package io.managedkvs.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.List;
import java.util.Map;

/** Access to the read-write endpoint from outside the cluster. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ExposeSpec(
        @JsonPropertyDescription("ClusterIP (inside the cluster only; the default), NodePort or LoadBalancer.")
        ExposeType type,
        @Min(30000)
        @Max(32767)
        @JsonPropertyDescription("The node port to use with type NodePort. Leave it out to have one allocated.")
        Integer nodePort,
        @JsonPropertyDescription("Annotations for the external Service, for example a cloud load balancer's settings.")
        Map<String, String> annotations,
        @JsonPropertyDescription("Client CIDRs allowed to reach a LoadBalancer, for example [10.0.0.0/8].")
        List<String> loadBalancerSourceRanges) {

    public static final ExposeSpec DEFAULT = new ExposeSpec(null, null, null, null);

    public ExposeSpec {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        loadBalancerSourceRanges = loadBalancerSourceRanges == null ? List.of() : List.copyOf(loadBalancerSourceRanges);
    }

    public ExposeType effectiveType() {
        return type == null ? ExposeType.ClusterIP : type;
    }

    public boolean exposesExternally() {
        return effectiveType() != ExposeType.ClusterIP;
    }

    public enum ExposeType { ClusterIP, NodePort, LoadBalancer }
}
