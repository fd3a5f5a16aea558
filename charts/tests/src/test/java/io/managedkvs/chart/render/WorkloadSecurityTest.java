package io.managedkvs.chart.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.managedkvs.chart.support.ChartValues;
import io.managedkvs.chart.support.HelmChart;
import io.managedkvs.chart.support.Manifests;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every container the chart runs is locked down and sized, whatever the switches. */
class WorkloadSecurityTest {

    private static final List<ChartValues> RENDERINGS = List.of(
            ChartValues.defaults(),
            ChartValues.defaults().set("operator.replicas", 2),
            ChartValues.defaults().set("operator.watchNamespaces", List.of("team-a")),
            ChartValues.defaults().set("monitoring.serviceMonitor.enabled", true));

    @Test
    void everyPodRunsAsNonRootWithTheRuntimeDefaultSeccompProfile() {
        for (ChartValues values : RENDERINGS) {
            for (Deployment deployment : HelmChart.render(values).all(Deployment.class)) {
                PodSpec pod = deployment.getSpec().getTemplate().getSpec();
                assertThat(pod.getSecurityContext().getRunAsNonRoot()).as("%s %s", values, deployment.getMetadata().getName()).isTrue();
                assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
                assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
                assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
                assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
            }
        }
    }

    @Test
    void everyContainerIsReadOnlyUnprivilegedAndDropsAllCapabilities() {
        for (ChartValues values : RENDERINGS) {
            for (Deployment deployment : HelmChart.render(values).all(Deployment.class)) {
                for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                    SecurityContext sc = container.getSecurityContext();
                    String what = values + " " + deployment.getMetadata().getName() + "/" + container.getName();
                    assertThat(sc).as(what).isNotNull();
                    assertThat(sc.getReadOnlyRootFilesystem()).as(what).isTrue();
                    assertThat(sc.getAllowPrivilegeEscalation()).as(what).isFalse();
                    assertThat(sc.getRunAsNonRoot()).as(what).isTrue();
                    assertThat(sc.getPrivileged()).as(what).isNotEqualTo(Boolean.TRUE);
                    assertThat(sc.getCapabilities().getDrop()).as(what).containsExactly("ALL");
                    assertThat(sc.getCapabilities().getAdd()).as(what).isNullOrEmpty();
                }
            }
        }
    }

    @Test
    void everyContainerRequestsCpuAndMemoryAndHasAMemoryLimit() {
        for (Deployment deployment : HelmChart.render(ChartValues.defaults()).all(Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                String what = deployment.getMetadata().getName() + "/" + container.getName();
                assertThat(container.getResources().getRequests()).as(what).containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(what).containsKey("memory");
                Quantity request = container.getResources().getRequests().get("memory");
                Quantity limit = container.getResources().getLimits().get("memory");
                assertThat(Quantity.getAmountInBytes(limit)).as(what).isGreaterThanOrEqualTo(Quantity.getAmountInBytes(request));
            }
        }
    }

    @Test
    void theJavaContainersGetAWritableTmpOnTheirReadOnlyRoot() {
        Manifests manifests = HelmChart.render(ChartValues.defaults());
        for (String name : List.of("managed-kvs-operator", "managed-kvs-scheduler")) {
            PodSpec pod = manifests.get(Deployment.class, name).getSpec().getTemplate().getSpec();
            Container java = pod.getContainers().stream().filter(c -> !c.getName().equals("kube-scheduler")).findFirst().orElseThrow();
            assertThat(java.getVolumeMounts()).anySatisfy(m -> {
                assertThat(m.getMountPath()).isEqualTo("/tmp");
                assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals(m.getName()))
                        .singleElement().satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
            });
        }
    }

    @Test
    void theOperatorIsProbedOnQuarkusHealthAndExposesMetricsOnItsHttpPort() {
        Container operator = HelmChart.render(ChartValues.defaults()).get(Deployment.class, "managed-kvs-operator")
                .getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(operator.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
        assertThat(operator.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(8080);
        });
        assertThat(operator.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }
}
