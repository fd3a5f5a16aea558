package io.managedkvs.api.resource;

import java.util.LinkedHashMap;
import java.util.Map;

/** The labels the platform puts on everything it creates, and the selectors built from them. */
public final class Labels {

    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "managed-kvs";
    /** On data pods: {@code primary} or {@code replica} (redis-sentinel). */
    public static final String ROLE = "managedkvs.io/role";
    public static final String ROLE_PRIMARY = "primary";
    public static final String ROLE_REPLICA = "replica";
    /**
     * Annotation on member pods: how many members their component wants (for example 3 stores).
     * The scheduler extender reads it to know the group's quorum and how many members one zone may hold.
     */
    public static final String GROUP_SIZE_ANNOTATION = "managedkvs.io/group-size";
    /** Annotation on member pods: {@code true} when the component replicates by a quorum (Raft, Sentinel). */
    public static final String QUORUM_ANNOTATION = "managedkvs.io/quorum";
    /**
     * Annotation on member pods: the node label that names their instance's failure domains
     * ({@code spec.scheduling.zoneTopologyKey}). The scheduler extender counts members per value of this
     * label, so that each instance is kept safe across the domains it names (zones, racks, ...).
     */
    public static final String ZONE_TOPOLOGY_KEY_ANNOTATION = "managedkvs.io/zone-topology-key";

    private Labels() {
    }

    /** All labels of an object of {@code component} of instance {@code instance} run by {@code engine}. */
    public static Map<String, String> of(String engine, String instance, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, engine);
        labels.put(INSTANCE, instance);
        labels.put(COMPONENT, component);
        labels.put(MANAGED_BY, MANAGED_BY_VALUE);
        return labels;
    }

    /** The labels that select the pods of one component of one instance. */
    public static Map<String, String> selector(String engine, String instance, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, engine);
        labels.put(INSTANCE, instance);
        labels.put(COMPONENT, component);
        return labels;
    }

    /** The label selector, as a string, that finds everything the platform manages. */
    public static String managedBySelector() {
        return MANAGED_BY + "=" + MANAGED_BY_VALUE;
    }

    /** The label selector, as a string, that finds everything of one instance. */
    public static String instanceSelector(String instance) {
        return MANAGED_BY + "=" + MANAGED_BY_VALUE + "," + INSTANCE + "=" + instance;
    }
}
