package io.managedkvs.scheduler.cache;

import io.managedkvs.scheduler.policy.ClusterSnapshot;
import io.managedkvs.scheduler.policy.GroupKey;
import io.managedkvs.scheduler.policy.GroupMembers;
import java.util.List;
import java.util.Map;

/**
 * The placement cache seen with zones named by another node label than its default: what a member of an
 * instance that names its own failure domains (racks, say) is judged by. Zones are read from each node's
 * labels when asked; members, loads and earlier picks are the cache's own. One is made per request, and
 * holds nothing but the two references.
 */
final class ZoneKeyView implements ClusterSnapshot {

    private final PlacementCache cache;
    private final String key;

    ZoneKeyView(PlacementCache cache, String key) {
        this.cache = cache;
        this.key = key;
    }

    @Override
    public GroupMembers members(GroupKey group) {
        return cache.members(group);
    }

    @Override
    public String zoneOf(String node) {
        return cache.zoneOf(node, key);
    }

    @Override
    public int managedPodsOn(String node) {
        return cache.managedPodsOn(node);
    }

    @Override
    public int zonesWithSchedulableNodes(Map<String, String> nodeSelector) {
        return cache.zonesWithSchedulableNodes(nodeSelector, key);
    }

    @Override
    public List<String> earlierPicks(String podKey) {
        return cache.earlierPicks(podKey);
    }

    @Override
    public String toString() {
        return "zones by " + key;
    }
}
