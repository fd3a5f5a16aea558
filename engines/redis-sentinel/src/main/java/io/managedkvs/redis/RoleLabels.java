package io.managedkvs.redis;

import io.managedkvs.api.engine.ClusterChange;
import io.managedkvs.api.engine.Member;
import io.managedkvs.api.resource.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The role labels the read-write and read-only Services select on. Only the primary Sentinel names
 * is labelled primary; every other member is labelled replica. The old primary's label is changed
 * first, so that two pods never carry the primary label at once.
 */
public final class RoleLabels {

    private RoleLabels() {
    }

    public static List<ClusterChange> changes(List<Member> redisPods, Optional<String> primary) {
        if (primary.isEmpty()) {
            return List.of(); // keep what is there until the primary is known again
        }
        List<ClusterChange> demote = new ArrayList<>();
        List<ClusterChange> promote = new ArrayList<>();
        for (Member pod : redisPods) {
            String wanted = pod.name().equals(primary.get()) ? Labels.ROLE_PRIMARY : Labels.ROLE_REPLICA;
            if (!wanted.equals(pod.label(Labels.ROLE))) {
                ClusterChange change = new ClusterChange.LabelMember(pod.name(), Map.of(Labels.ROLE, wanted));
                (wanted.equals(Labels.ROLE_PRIMARY) ? promote : demote).add(change);
            }
        }
        demote.addAll(promote);
        return demote;
    }
}
