package io.managedkvs.scheduler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemberClassifierTest {

    private static final Map<String, String> STORE_LABELS = Map.of(
            "app.kubernetes.io/managed-by", "managed-kvs",
            "app.kubernetes.io/instance", "orders",
            "app.kubernetes.io/name", "raft-kv",
            "app.kubernetes.io/component", "store");

    @Test
    void aStoreWithItsAnnotationsIsAQuorumMemberOfItsGroup() {
        Optional<MemberPod> member = MemberClassifier.classify("shop", "orders-store-0", STORE_LABELS,
                Map.of("managedkvs.io/group-size", "3", "managedkvs.io/quorum", "true"), Map.of("disk", "ssd"));

        assertThat(member).hasValueSatisfying(m -> {
            assertThat(m.podKey()).isEqualTo("shop/orders-store-0");
            assertThat(m.group()).isEqualTo(new GroupKey("shop", "orders", "store"));
            assertThat(m.groupSize()).isEqualTo(3);
            assertThat(m.quorum()).isTrue();
            assertThat(m.nodeSelector()).containsEntry("disk", "ssd");
        });
    }

    @Test
    void podsNotManagedByThePlatformAreNotMembers() {
        assertThat(MemberClassifier.classify("shop", "web-1", Map.of("app", "web"), Map.of(), null)).isEmpty();
        assertThat(MemberClassifier.classify("shop", "web-1", null, null, null)).isEmpty();
        Map<String, String> otherManager = new java.util.HashMap<>(STORE_LABELS);
        otherManager.put("app.kubernetes.io/managed-by", "helm");
        assertThat(MemberClassifier.classify("shop", "orders-store-0", otherManager, Map.of(), null)).isEmpty();
    }

    @Test
    void aManagedPodWithoutInstanceOrComponentIsNotAMember() {
        Map<String, String> noComponent = new java.util.HashMap<>(STORE_LABELS);
        noComponent.remove("app.kubernetes.io/component");
        Map<String, String> blankInstance = new java.util.HashMap<>(STORE_LABELS);
        blankInstance.put("app.kubernetes.io/instance", " ");

        assertThat(MemberClassifier.classify("shop", "p", noComponent, Map.of(), null)).isEmpty();
        assertThat(MemberClassifier.classify("shop", "p", blankInstance, Map.of(), null)).isEmpty();
    }

    @Test
    void aMissingOrUnreadableGroupSizeIsUnknownAndQuorumDefaultsToFalse() {
        assertThat(MemberClassifier.classify("shop", "p", STORE_LABELS, Map.of(), null).orElseThrow())
                .satisfies(m -> {
                    assertThat(m.groupSizeKnown()).isFalse();
                    assertThat(m.quorum()).isFalse();
                });
        assertThat(MemberClassifier.classify("shop", "p", STORE_LABELS,
                Map.of("managedkvs.io/group-size", "three"), null).orElseThrow().groupSize()).isZero();
        assertThat(MemberClassifier.classify("shop", "p", STORE_LABELS,
                Map.of("managedkvs.io/group-size", "-2"), null).orElseThrow().groupSize()).isZero();
    }

    @Test
    void theSameInstanceNameInTwoNamespacesIsTwoGroups() {
        GroupKey a = MemberClassifier.groupOf("team-a", STORE_LABELS);
        GroupKey b = MemberClassifier.groupOf("team-b", STORE_LABELS);
        assertThat(a).isNotEqualTo(b);
    }
}
