package io.managedkvs.api.engine;

import java.util.Map;

/**
 * One running member (a pod) as the operator sees it.
 *
 * @param name       the pod name
 * @param component  the value of the {@code app.kubernetes.io/component} label
 * @param address    the pod IP, or empty while it has none
 * @param ready      whether Kubernetes reports the pod ready
 * @param terminating whether the pod is being deleted
 * @param upToDate   whether the pod runs its workload's current template revision
 * @param labels     the pod's labels
 */
public record Member(String name, String component, String address, boolean ready, boolean terminating,
                     boolean upToDate, Map<String, String> labels) {

    public Member {
        address = address == null ? "" : address;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public boolean hasAddress() {
        return !address.isEmpty();
    }

    /** The pod's ordinal in its StatefulSet, or -1 when the name has none. */
    public int ordinal() {
        return ordinalOf(name);
    }

    /** The ordinal at the end of a StatefulSet pod name such as {@code cache-redis-2}, or -1 when it has none. */
    public static int ordinalOf(String name) {
        int dash = name.lastIndexOf('-');
        if (dash < 0 || dash == name.length() - 1) {
            return -1;
        }
        try {
            return Integer.parseInt(name.substring(dash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public String label(String key) {
        return labels.get(key);
    }
}
