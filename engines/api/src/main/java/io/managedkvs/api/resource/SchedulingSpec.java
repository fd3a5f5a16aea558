package io.managedkvs.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.managedkvs.api.resource.schema.DescribedAffinity;
import io.managedkvs.api.resource.schema.DescribedToleration;
import java.util.List;
import java.util.Map;

/**
 * Placement of the members of one instance. Tolerations and affinity keep fabric8's types, which
 * engines copy into pod templates as they are; their CRD schema comes from described records of the
 * same shape, so that {@code kubectl explain} documents every field below them.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SchedulingSpec(
        @JsonPropertyDescription("How strictly members are kept apart across failure domains: Required (never two members in one domain; a member stays Pending if no domain is free), Preferred (spread when possible; the default) or None.")
        SpreadPolicy spreadPolicy,
        @JsonPropertyDescription("The node label that names a failure domain for spreading. Defaults to kubernetes.io/hostname.")
        String topologyKey,
        @JsonPropertyDescription("The node label that names a zone; members are also spread across zones. Defaults to topology.kubernetes.io/zone.")
        String zoneTopologyKey,
        @JsonPropertyDescription("Schedule members with the Managed KVS scheduler (kube-scheduler with the spreading extender). Leave it out to use the platform's default.")
        Boolean useManagedScheduler,
        @JsonPropertyDescription("Node labels a member's node must have.")
        Map<String, String> nodeSelector,
        @SchemaFrom(type = DescribedToleration[].class)
        @JsonPropertyDescription("Tolerations of every member pod, so that members may run on nodes with matching taints.")
        List<Toleration> tolerations,
        @SchemaFrom(type = DescribedAffinity.class)
        @JsonPropertyDescription("Node and pod affinity of every member pod, as in a Pod's spec.affinity. It applies on top of the spreading that spreadPolicy asks for.")
        Affinity affinity,
        @JsonPropertyDescription("PriorityClass of the member pods.")
        String priorityClassName) {

    public static final SchedulingSpec DEFAULT = new SchedulingSpec(null, null, null, null, null, null, null, null);
    public static final String DEFAULT_TOPOLOGY_KEY = "kubernetes.io/hostname";
    public static final String DEFAULT_ZONE_TOPOLOGY_KEY = "topology.kubernetes.io/zone";

    public SchedulingSpec {
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
    }

    public SpreadPolicy effectiveSpreadPolicy() {
        return spreadPolicy == null ? SpreadPolicy.Preferred : spreadPolicy;
    }

    public String effectiveTopologyKey() {
        return topologyKey == null || topologyKey.isBlank() ? DEFAULT_TOPOLOGY_KEY : topologyKey;
    }

    public String effectiveZoneTopologyKey() {
        return zoneTopologyKey == null || zoneTopologyKey.isBlank() ? DEFAULT_ZONE_TOPOLOGY_KEY : zoneTopologyKey;
    }

    /** Whether the managed scheduler is used, given the platform's default. */
    public boolean usesManagedScheduler(boolean platformDefault) {
        return useManagedScheduler == null ? platformDefault : useManagedScheduler;
    }

    public enum SpreadPolicy { Required, Preferred, None }
}
