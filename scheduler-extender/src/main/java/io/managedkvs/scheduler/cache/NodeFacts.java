package io.managedkvs.scheduler.cache;

import io.managedkvs.scheduler.policy.Zones;
import java.util.Map;

/**
 * What the cache keeps of a node.
 *
 * @param name        the node's name
 * @param zone        its failure domain by the cache's default zone key, computed once when the node
 *                    changes (see {@link io.managedkvs.scheduler.policy.Zones})
 * @param schedulable not cordoned and not known to be NotReady
 * @param labels      its labels: to count the zones a pod's node selector leaves it, and to read its
 *                    failure domain by another key
 */
public record NodeFacts(String name, String zone, boolean schedulable, Map<String, String> labels) {

    public NodeFacts {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Its failure domain by the node label {@code key}: one label lookup. */
    String zoneBy(String key) {
        return Zones.of(labels.get(key), name);
    }

    boolean matches(Map<String, String> selector) {
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
