package io.managedkvs.scheduler.policy;

import java.util.HashMap;
import java.util.Map;

/**
 * How the members of a group other than the pod being scheduled are spread: per node and per zone.
 * Built once per request from a snapshot; small (one entry per member).
 */
final class GroupCounts {

    private final Map<String, Integer> byNode = new HashMap<>();
    private final Map<String, Integer> byZone = new HashMap<>();
    private final int placed;
    private final int waiting;

    private GroupCounts(MemberPod pod, GroupMembers members, ClusterSnapshot snapshot) {
        int n = 0;
        for (Map.Entry<String, String> e : members.placed().entrySet()) {
            if (e.getKey().equals(pod.podKey())) {
                continue;
            }
            byNode.merge(e.getValue(), 1, Integer::sum);
            byZone.merge(snapshot.zoneOf(e.getValue()), 1, Integer::sum);
            n++;
        }
        this.placed = n;
        this.waiting = members.waitingExcept(pod.podKey());
    }

    static GroupCounts of(MemberPod pod, ClusterSnapshot snapshot) {
        return new GroupCounts(pod, snapshot.members(pod.group()), snapshot);
    }

    int onNode(String node) {
        return byNode.getOrDefault(node, 0);
    }

    int inZone(String zone) {
        return byZone.getOrDefault(zone, 0);
    }

    /** Members other than the pod that are on a node or reserved for one. */
    int placed() {
        return placed;
    }

    /** Members other than the pod still waiting for a node. */
    int waiting() {
        return waiting;
    }

    /**
     * The size of the group: the pod's annotation when present, otherwise every member known (this
     * pod included), which is the best lower bound the cache has.
     */
    int groupSize(MemberPod pod) {
        return pod.groupSizeKnown() ? pod.groupSize() : placed + waiting + 1;
    }
}
