package io.managedkvs.operator.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveDriftTest {

    @Test
    void aLiveCopyHoldingEverythingDesiredHasNoDifferences() {
        assertThat(LiveDrift.differences(service(), service())).isEmpty();
    }

    @Test
    void whatTheServerOrOthersAddIsNotADifference() {
        Service live = new ServiceBuilder(service())
                .editMetadata().withUid("u-1").withResourceVersion("42").withCreationTimestamp("2026-01-01T00:00:00Z")
                .addToAnnotations("team.example.com/owner", "storage").endMetadata()
                .editSpec().withClusterIP("10.0.0.7").withSessionAffinity("None").editFirstPort().withProtocol("TCP").endPort().endSpec()
                .withNewStatus().withNewLoadBalancer().endLoadBalancer().endStatus()
                .build();

        assertThat(LiveDrift.differences(service(), live)).isEmpty();
    }

    @Test
    void changedAndRemovedValuesAreNamedByTheirPath() {
        Service live = new ServiceBuilder(service())
                .editMetadata().removeFromLabels("app.kubernetes.io/instance").endMetadata()
                .editSpec().addToSelector("app.kubernetes.io/instance", "other").editFirstPort().withPort(7001).endPort().endSpec()
                .build();

        assertThat(LiveDrift.differences(service(), live)).containsExactlyInAnyOrder(
                "/spec/ports/0/port",
                "/spec/selector/app.kubernetes.io~1instance",
                "/metadata/labels/app.kubernetes.io~1instance");
    }

    @Test
    void aListOfAnotherLengthIsOneDifference() {
        Service live = new ServiceBuilder(service()).editSpec().addNewPort().withName("extra").withPort(9).endPort().endSpec().build();

        assertThat(LiveDrift.differences(service(), live)).containsExactly("/spec/ports");
    }

    @Test
    void statusAndServerManagedMetadataAreNotCompared() {
        StatefulSet desired = new StatefulSetBuilder().withNewMetadata().withName("s").withGeneration(1L).endMetadata()
                .withNewSpec().withReplicas(3).endSpec().withNewStatus().withReplicas(3).endStatus().build();
        StatefulSet live = new StatefulSetBuilder(desired).editMetadata().withGeneration(9L).endMetadata()
                .editStatus().withReplicas(0).endStatus().build();

        assertThat(LiveDrift.differences(desired, live)).isEmpty();
        assertThat(LiveDrift.differences(desired, new StatefulSetBuilder(live).editSpec().withReplicas(5).endSpec().build()))
                .containsExactly("/spec/replicas");
    }

    @Test
    void emptyDesiredContainersMatchAbsentOnesAndNumbersCompareByValue() {
        ConfigMap desired = new ConfigMapBuilder().withNewMetadata().withName("c").withAnnotations(Map.of()).endMetadata()
                .withData(Map.of()).build();
        ConfigMap live = new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().build();
        assertThat(LiveDrift.differences(desired, live)).isEmpty();

        StatefulSet small = new StatefulSetBuilder().withNewMetadata().withName("s").endMetadata()
                .withNewSpec().withReplicas(3).withMinReadySeconds(0).endSpec().build();
        assertThat(LiveDrift.differences(small, small)).isEmpty();
    }

    @Test
    void quantitiesAndIntOrStringsAreComparedAsWritten() {
        StatefulSet desired = new StatefulSetBuilder().withNewMetadata().withName("s").endMetadata().withNewSpec()
                .withNewTemplate().withNewSpec().addNewContainer().withName("c").withNewResources()
                .withRequests(Map.of("memory", new Quantity("256Mi"))).endResources()
                .addNewPort().withContainerPort(6379).endPort().withNewReadinessProbe().withNewTcpSocket().withPort(new IntOrString(6379))
                .endTcpSocket().endReadinessProbe().endContainer().endSpec().endTemplate().endSpec().build();
        StatefulSet normalised = new StatefulSetBuilder(desired).editSpec().editTemplate().editSpec().editFirstContainer()
                .editResources().withRequests(Map.of("memory", new Quantity("268435456"))).endResources()
                .endContainer().endSpec().endTemplate().endSpec().build();

        assertThat(LiveDrift.differences(desired, desired)).isEmpty();
        assertThat(LiveDrift.differences(desired, normalised))
                .as("a normalised quantity differs in text; DriftBaseline learns such paths after the apply")
                .isEqualTo(List.of("/spec/template/spec/containers/0/resources/requests/memory"));
    }

    private static Service service() {
        Map<String, String> labels = Map.of("app.kubernetes.io/instance", "cache", "app.kubernetes.io/name", "redis");
        return new ServiceBuilder().withNewMetadata().withName("cache").withLabels(labels)
                .withAnnotations(Map.of(AppliedHash.ANNOTATION, "abc")).endMetadata()
                .withNewSpec().withSelector(labels).addNewPort().withName("redis").withPort(6379).endPort().endSpec()
                .build();
    }
}
