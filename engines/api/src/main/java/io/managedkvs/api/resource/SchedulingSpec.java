package io.managedkvs.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
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
        @Pattern(LABEL_KEY)
        @Size(max = MAX_LABEL_KEY_LENGTH)
        @JsonPropertyDescription("The node label that names a failure domain for spreading. Defaults to kubernetes.io/hostname.")
        String topologyKey,
        @Pattern(LABEL_KEY)
        @Size(max = MAX_LABEL_KEY_LENGTH)
        @JsonPropertyDescription("The node label that names a zone; members are also spread across zones, and the managed scheduler keeps any zone from holding more members than a quorum group can lose. Defaults to topology.kubernetes.io/zone.")
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
    /** A Kubernetes label key: an optional DNS-subdomain prefix and a slash, then a name of at most 63 characters. */
    public static final String LABEL_KEY =
            "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$";
    /** The longest label key: a 253-character prefix, the slash and a 63-character name. */
    public static final int MAX_LABEL_KEY_LENGTH = 317;

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
