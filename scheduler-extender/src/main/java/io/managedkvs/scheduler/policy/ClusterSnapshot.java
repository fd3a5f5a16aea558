package io.managedkvs.scheduler.policy;

import java.util.List;
import java.util.Map;

/**
 * What the placement policy reads about the cluster. Implementations answer from memory, without I/O
 * or locks held across calls; each call sees a consistent value, not necessarily the same moment as
 * the previous call, which is all a scheduling heuristic needs.
 *
 * <p>A snapshot is bound to one zone key, the node label that names failure domains: the policy never
 * sees the key, only the zones it yields. For one request, the candidates' zones, the members' zones and
 * the zone count all come from the same key (the pod's own, see {@link MemberClassifier#zoneKeyOf}).
 */
public interface ClusterSnapshot {

    /** The members of a group, placed or waiting. */
    GroupMembers members(GroupKey group);

    /**
     * The zone of a node by the snapshot's zone key (see {@link Zones}); a node the snapshot does not know,
     * or that lacks the label, is its own zone.
     */
    String zoneOf(String node);

    /** How many pods of managed instances (of any instance) run on, or are reserved for, a node. */
    int managedPodsOn(String node);

    /**
     * How many zones (by the snapshot's zone key) have a schedulable node whose labels include all of
     * {@code nodeSelector}.
     */
    int zonesWithSchedulableNodes(Map<String, String> nodeSelector);

    /** Nodes chosen for this pod by earlier filter calls that did not end in a binding, oldest first. */
    List<String> earlierPicks(String podKey);
}
