package io.managedkvs.operator.members;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.managedkvs.api.engine.ClusterView;
import io.managedkvs.api.engine.Credentials;
import io.managedkvs.api.engine.Member;
import io.managedkvs.api.engine.Workload;
import io.managedkvs.api.resource.Labels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterViewBuilderTest {

    private final StatefulSet redis = new StatefulSetBuilder().withNewMetadata().withName("cache").withLabels(Labels.of("e", "cache", "redis"))
            .endMetadata().withNewSpec().withReplicas(3).endSpec()
            .withNewStatus().withReadyReplicas(2).withUpdateRevision("cache-b").endStatus().build();

    @Test
    void podsBecomeMembersWithReadinessTerminationAndRevision() {
        ClusterView view = ClusterViewBuilder.build(List.of(
                        pod("cache-1", "redis", "cache", "cache-a", "127.0.0.2", true, false),
                        pod("cache-0", "redis", "cache", "cache-b", "127.0.0.1", true, false),
                        pod("cache-2", "redis", "cache", "cache-b", null, false, true),
                        pod("sentinel-x", "sentinel", null, null, "127.0.0.9", true, false)),
                List.of(redis), Optional.of(new Credentials("cache-auth", "pw")));

        assertThat(view.members("redis")).extracting(Member::name).containsExactly("cache-0", "cache-1", "cache-2");
        assertThat(view.member("cache-0")).get().satisfies(m -> {
            assertThat(m.address()).isEqualTo("127.0.0.1");
            assertThat(m.ready()).isTrue();
            assertThat(m.terminating()).isFalse();
            assertThat(m.upToDate()).isTrue();
            assertThat(m.component()).isEqualTo("redis");
        });
        assertThat(view.member("cache-1").orElseThrow().upToDate()).as("created from the previous revision").isFalse();
        assertThat(view.member("cache-2").orElseThrow()).satisfies(m -> {
            assertThat(m.hasAddress()).isFalse();
            assertThat(m.ready()).isFalse();
            assertThat(m.terminating()).isTrue();
        });
        assertThat(view.member("sentinel-x").orElseThrow().upToDate()).as("no StatefulSet revision to compare with").isTrue();
        assertThat(view.credentials()).contains(new Credentials("cache-auth", "pw"));
    }

    @Test
    void statefulSetsBecomeWorkloadsSortedByName() {
        StatefulSet sentinels = new StatefulSetBuilder().withNewMetadata()
                .withName("cache-sentinel").withLabels(Labels.of("e", "cache", "sentinel")).endMetadata()
                .withNewSpec().withReplicas(3).endSpec().withNewStatus().withReadyReplicas(3).endStatus().build();
        ClusterView view = ClusterViewBuilder.build(List.of(), List.of(sentinels, redis), Optional.empty());

        assertThat(view.workloads()).containsExactly(
                new Workload("cache", "redis", 3, 2, "cache-b"),
                new Workload("cache-sentinel", "sentinel", 3, 3, ""));
        assertThat(view.workload("sentinel")).isPresent();
    }

    private static Pod pod(String name, String component, String statefulSet, String revision, String ip, boolean ready, boolean deleting) {
        Map<String, String> labels = new HashMap<>(Labels.of("e", "cache", component));
        if (revision != null) {
            labels.put(ClusterViewBuilder.REVISION_LABEL, revision);
        }
        PodBuilder builder = new PodBuilder().withNewMetadata().withName(name).withLabels(labels)
                .withDeletionTimestamp(deleting ? "2026-01-01T00:00:00Z" : null).endMetadata()
                .withNewStatus().withPodIP(ip).addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus();
        if (statefulSet != null) {
            builder.editMetadata().addNewOwnerReference().withKind("StatefulSet").withApiVersion("apps/v1").withName(statefulSet)
                    .withController(true).endOwnerReference().endMetadata();
        }
        return builder.build();
    }
}
