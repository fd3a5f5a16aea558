package io.managedkvs.scheduler.policy;

import java.util.Map;

/**
 * A pod being scheduled that is a member of a managed instance.
 *
 * @param podKey       {@code namespace/name} of the pod, the key under which the cache knows it
 * @param group        the instance and component it belongs to
 * @param groupSize    how many members the component wants, or 0 when the pod does not say
 * @param quorum       whether the component replicates by a quorum (Raft stores, PD, Sentinel)
 * @param nodeSelector the pod's node selector, used to count the zones it could run in
 */
public record MemberPod(String podKey, GroupKey group, int groupSize, boolean quorum, Map<String, String> nodeSelector) {

    public MemberPod {
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
    }

    public boolean groupSizeKnown() {
        return groupSize > 0;
    }
}
