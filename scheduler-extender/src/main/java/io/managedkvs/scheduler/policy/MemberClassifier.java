package io.managedkvs.scheduler.policy;

import io.managedkvs.api.resource.Labels;
import java.util.Map;
import java.util.Optional;

/** Tells a member of a managed instance from any other pod, by the platform's labels and annotations. */
public final class MemberClassifier {

    private MemberClassifier() {
    }

    /**
     * The member described by a pod's metadata, or empty when the pod is not one of ours (not managed by
     * the platform, or missing its instance or component label): such a pod passes through untouched.
     */
    public static Optional<MemberPod> classify(String namespace, String name, Map<String, String> labels,
                                               Map<String, String> annotations, Map<String, String> nodeSelector) {
        GroupKey group = groupOf(namespace, labels);
        if (group == null) {
            return Optional.empty();
        }
        Map<String, String> notes = annotations == null ? Map.of() : annotations;
        int size = parseGroupSize(notes.get(Labels.GROUP_SIZE_ANNOTATION));
        boolean quorum = "true".equalsIgnoreCase(trim(notes.get(Labels.QUORUM_ANNOTATION)));
        return Optional.of(new MemberPod(podKey(namespace, name), group, size, quorum, nodeSelector));
    }

    /**
     * The node label that names the failure domains of a pod with these annotations: its
     * {@value Labels#ZONE_TOPOLOGY_KEY_ANNOTATION} annotation (its instance's
     * {@code spec.scheduling.zoneTopologyKey}), trimmed, or {@code defaultKey} when it has none or a blank
     * one. The pod's own key decides even when members placed earlier carry another (the instance's key
     * changed): they are counted by the zones the pod asks about, since the pod is what is being placed.
     * The value is not checked further: a key no node has makes every node a zone of its own.
     */
    public static String zoneKeyOf(Map<String, String> annotations, String defaultKey) {
        String key = annotations == null ? null : trim(annotations.get(Labels.ZONE_TOPOLOGY_KEY_ANNOTATION));
        return key == null || key.isEmpty() ? defaultKey : key;
    }

    /** The group of a pod with these labels, or null when the labels do not make it a member. */
    public static GroupKey groupOf(String namespace, Map<String, String> labels) {
        if (labels == null || namespace == null || !Labels.MANAGED_BY_VALUE.equals(labels.get(Labels.MANAGED_BY))) {
            return null;
        }
        String instance = trim(labels.get(Labels.INSTANCE));
        String component = trim(labels.get(Labels.COMPONENT));
        if (instance == null || instance.isEmpty() || component == null || component.isEmpty()) {
            return null;
        }
        return new GroupKey(namespace, instance, component);
    }

    public static String podKey(String namespace, String name) {
        return namespace + "/" + name;
    }

    /** The group size from its annotation; 0 (unknown) when absent or not a positive number. */
    static int parseGroupSize(String value) {
        String v = trim(value);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(v);
            return Math.max(n, 0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
