package io.managedkvs.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.api.engine.ClusterChange;
import io.managedkvs.api.engine.ClusterChange.LabelMember;
import io.managedkvs.api.engine.Member;
import io.managedkvs.api.resource.Labels;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoleLabelsTest {

    @Test
    void movesThePrimaryLabelDemotingTheOldPrimaryFirst() {
        List<ClusterChange> changes = RoleLabels.changes(List.of(pod("c-redis-0", "primary"), pod("c-redis-1", "replica"),
                pod("c-redis-2", null)), Optional.of("c-redis-1"));

        assertThat(changes).containsExactly(
                new LabelMember("c-redis-0", Map.of(Labels.ROLE, "replica")),
                new LabelMember("c-redis-2", Map.of(Labels.ROLE, "replica")),
                new LabelMember("c-redis-1", Map.of(Labels.ROLE, "primary")));
    }

    @Test
    void changesNothingWhenLabelsAreRightOrThePrimaryIsUnknown() {
        List<Member> pods = List.of(pod("c-redis-0", "primary"), pod("c-redis-1", "replica"));

        assertThat(RoleLabels.changes(pods, Optional.of("c-redis-0"))).isEmpty();
        assertThat(RoleLabels.changes(pods, Optional.empty())).isEmpty();
    }

    private static Member pod(String name, String role) {
        return new Member(name, "redis", "10.0.0.1", true, false, true, role == null ? Map.of() : Map.of(Labels.ROLE, role));
    }
}
