package io.managedkvs.chart.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMetricsEndpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.chart.support.ChartPaths;
import io.managedkvs.chart.support.ChartValues;
import io.managedkvs.chart.support.HelmChart;
import io.managedkvs.chart.support.Manifests;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each switch of values.yaml changes what it says and nothing else. */
class RenderSwitchesTest {

    private static final String OPERATOR = "managed-kvs-operator";
    private static final String SCHEDULER = "managed-kvs-scheduler";

    @Test
    void everyObjectCarriesTheChartsLabelsAndCommonLabels() {
        Manifests manifests = HelmChart.render(ChartValues.defaults().set("commonLabels", Map.of("team", "platform")));
        assertThat(manifests.objects()).isNotEmpty().allSatisfy(o -> assertThat(o.getMetadata().getLabels())
                .as(o.getKind() + "/" + o.getMetadata().getName())
                .containsEntry("app.kubernetes.io/name", "managed-kvs")
                .containsEntry("app.kubernetes.io/instance", HelmChart.RELEASE)
                .containsEntry("app.kubernetes.io/managed-by", "Helm")
                .containsEntry("app.kubernetes.io/version", ChartPaths.projectVersion())
                .containsEntry("team", "platform")
                .containsKey("app.kubernetes.io/component")
                // The platform's own label marks what the operator manages; the chart's objects are not that.
                .doesNotContainEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE));
        for (Deployment deployment : manifests.all(Deployment.class)) {
            Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(selector);
            assertThat(manifests.all(Service.class)).filteredOn(s -> s.getSpec().getSelector().equals(selector))
                    .as("a metrics Service selects %s", deployment.getMetadata().getName()).hasSize(1);
        }
    }

    @Test
    void namespacedObjectsLiveInTheReleaseNamespace() {
        Manifests manifests = HelmChart.render(ChartValues.defaults().set("monitoring.podMonitor.enabled", true)
                .set("monitoring.serviceMonitor.enabled", true));
        assertThat(manifests.objects())
                .filteredOn(o -> !o.getKind().startsWith("Cluster"))
                .filteredOn(o -> !o.getMetadata().getName().endsWith("-authentication-reader"))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind() + "/" + o.getMetadata().getName())
                        .isEqualTo(HelmChart.NAMESPACE));
    }

    @Test
    void namespaceScopedTheOperatorWatchesOnlyTheListedNamespaces() {
        Manifests scoped = HelmChart.render(ChartValues.defaults().set("operator.watchNamespaces", List.of("team-a", "team-b")));
        assertThat(env(operator(scoped))).containsEntry("QUARKUS_OPERATOR_SDK_CONTROLLERS_MANAGEDKVS_NAMESPACES", "team-a,team-b")
                .containsEntry("QUARKUS_OPERATOR_SDK_CONTROLLERS_MANAGEDKVSBACKUP_NAMESPACES", "team-a,team-b");

        Manifests clusterWide = HelmChart.render(ChartValues.defaults());
        assertThat(env(operator(clusterWide))).doesNotContainKey("QUARKUS_OPERATOR_SDK_CONTROLLERS_MANAGEDKVS_NAMESPACES")
                .doesNotContainKey("QUARKUS_OPERATOR_SDK_CONTROLLERS_MANAGEDKVSBACKUP_NAMESPACES");
        assertThat(env(operator(clusterWide))).containsEntry("MANAGEDKVS_LEADER_ELECTION_LEASE_NAMESPACE", HelmChart.NAMESPACE)
                .containsEntry("MANAGEDKVS_LEADER_ELECTION_LEASE_NAME", "managed-kvs-operator");
    }

    @Test
    void customImagesAndDigestsReplaceTheDefaults() {
        Manifests manifests = HelmChart.render(ChartValues.defaults()
                .set("operator.image.repository", "registry.example.com/kvs/operator")
                .set("operator.image.tag", "1.2.3")
                .set("operator.image.pullPolicy", "Always")
                .set("scheduler.extender.image.repository", "registry.example.com/kvs/extender")
                .set("scheduler.extender.image.digest", "sha256:" + "a".repeat(64))
                .set("scheduler.kubeScheduler.image.repository", "mirror.example.com/kube-scheduler")
                .set("scheduler.kubeScheduler.image.tag", "v1.33.5")
                .set("imagePullSecrets", List.of(Map.of("name", "pull"))));

        assertThat(operator(manifests).getImage()).isEqualTo("registry.example.com/kvs/operator:1.2.3");
        assertThat(operator(manifests).getImagePullPolicy()).isEqualTo("Always");
        List<Container> scheduler = manifests.get(Deployment.class, SCHEDULER).getSpec().getTemplate().getSpec().getContainers();
        assertThat(scheduler).extracting(Container::getImage).containsExactly(
                "mirror.example.com/kube-scheduler:v1.33.5", "registry.example.com/kvs/extender@sha256:" + "a".repeat(64));
        assertThat(manifests.all(Deployment.class)).allSatisfy(d -> assertThat(d.getSpec().getTemplate().getSpec().getImagePullSecrets())
                .singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("pull")));
    }

    @Test
    void defaultImagesAreTheBuildsImagesTaggedWithTheProjectVersion() {
        Manifests manifests = HelmChart.render(ChartValues.defaults());
        assertThat(operator(manifests).getImage()).isEqualTo("ghcr.io/managed-kvs/operator:" + ChartPaths.projectVersion());
    }

    @Test
    void oneOperatorReplicaHasNoDisruptionBudgetAndSeveralAreSpreadAndProtected() {
        assertThat(HelmChart.render(ChartValues.defaults()).all(PodDisruptionBudget.class)).isEmpty();

        Manifests manifests = HelmChart.render(ChartValues.defaults().set("operator.replicas", 3));
        Deployment deployment = manifests.get(Deployment.class, OPERATOR);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(deployment.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution()).singleElement()
                .satisfies(t -> assertThat(t.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels()));
        PodDisruptionBudget budget = manifests.get(PodDisruptionBudget.class, OPERATOR);
        assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        // Every replica competes for the same Lease.
        assertThat(env(operator(manifests))).containsEntry("MANAGEDKVS_LEADER_ELECTION_LEASE_NAME", "managed-kvs-operator");
    }

    @Test
    void monitoringOffRendersNoMetricsServiceMonitorOrDashboard() {
        Manifests manifests = HelmChart.render(ChartValues.defaults().set("monitoring.enabled", false));
        assertThat(manifests.all(Service.class)).isEmpty();
        assertThat(manifests.all(ServiceMonitor.class)).isEmpty();
        assertThat(manifests.all(PodMonitor.class)).isEmpty();
        assertThat(manifests.all(ConfigMap.class)).extracting(c -> c.getMetadata().getName()).containsExactly(SCHEDULER + "-config");
        assertThat(manifests.find(Deployment.class, OPERATOR)).isPresent();
    }

    @Test
    void aMonitorWithoutMonitoringIsRefusedNamingBothValues() {
        assertThatThrownBy(() -> HelmChart.template(ChartValues.defaults().set("monitoring.enabled", false)
                .set("monitoring.serviceMonitor.enabled", true)))
                .hasMessageContaining("monitoring.serviceMonitor.enabled needs monitoring.enabled");
        assertThatThrownBy(() -> HelmChart.template(ChartValues.defaults().set("monitoring.enabled", false)
                .set("monitoring.podMonitor.enabled", true)))
                .hasMessageContaining("monitoring.podMonitor.enabled needs monitoring.enabled");
    }

    @Test
    void serviceMonitorsScrapeTheMetricsServicesHonouringTheOperatorsLabels() {
        Manifests manifests = HelmChart.render(ChartValues.defaults().set("monitoring.serviceMonitor.enabled", true)
                .set("monitoring.serviceMonitor.labels", Map.of("release", "prometheus")));

        List<ServiceMonitor> monitors = manifests.all(ServiceMonitor.class);
        assertThat(monitors).extracting(m -> m.getMetadata().getName())
                .containsExactlyInAnyOrder("managed-kvs-operator", "managed-kvs-scheduler");
        for (ServiceMonitor monitor : monitors) {
            assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
            Service service = manifests.all(Service.class).stream()
                    .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(monitor.getSpec().getSelector().getMatchLabels().entrySet()))
                    .findFirst().orElseThrow(() -> new AssertionError(monitor.getMetadata().getName() + " selects no Service"));
            assertThat(monitor.getSpec().getNamespaceSelector().getMatchNames()).containsExactly(HelmChart.NAMESPACE);
            Endpoint endpoint = monitor.getSpec().getEndpoints().get(0);
            assertThat(service.getSpec().getPorts()).extracting(p -> p.getName()).contains(endpoint.getPort());
            assertThat(endpoint.getPath()).isEqualTo("/q/metrics");
            assertThat(endpoint.getHonorLabels()).isTrue();
            assertThat(endpoint.getInterval()).isEqualTo("30s");
        }
        assertThat(HelmChart.render(ChartValues.defaults().set("monitoring.serviceMonitor.enabled", true)
                .set("scheduler.enabled", false)).all(ServiceMonitor.class)).extracting(m -> m.getMetadata().getName())
                .containsExactly("managed-kvs-operator");
    }

    @Test
    void thePodMonitorScrapesTheMembersExportersWithTheDashboardsLabels() {
        PodMonitor monitor = HelmChart.render(ChartValues.defaults().set("monitoring.podMonitor.enabled", true))
                .get(PodMonitor.class, "managed-kvs-members");
        assertThat(monitor.getSpec().getSelector().getMatchLabels()).containsExactly(Map.entry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE));
        assertThat(monitor.getSpec().getNamespaceSelector().getAny()).isTrue();
        PodMetricsEndpoint endpoint = monitor.getSpec().getPodMetricsEndpoints().get(0);
        assertThat(endpoint.getPort()).isEqualTo("metrics");
        assertThat(endpoint.getRelabelings()).extracting(r -> r.getTargetLabel())
                .containsExactly("managedkvs_instance", "managedkvs_engine", "managedkvs_component");

        PodMonitor scoped = HelmChart.render(ChartValues.defaults().set("monitoring.podMonitor.enabled", true)
                .set("operator.watchNamespaces", List.of("team-a"))).get(PodMonitor.class, "managed-kvs-members");
        assertThat(scoped.getSpec().getNamespaceSelector().getMatchNames()).containsExactly("team-a");
        assertThat(scoped.getSpec().getNamespaceSelector().getAny()).isNotEqualTo(Boolean.TRUE);
    }

    @Test
    void operatorSettingsReachItsEnvironment() {
        Manifests manifests = HelmChart.render(ChartValues.defaults()
                .set("operator.reconcile.progressingInterval", "2s")
                .set("operator.reconcile.resyncInterval", "5m")
                .set("operator.engineImageRegistry", "mirror.example.com")
                .set("operator.logJson", false)
                .set("operator.javaOptions", "-XX:+UseSerialGC")
                .set("operator.extraEnv", List.of(Map.of("name", "EXTRA", "value", "one"))));
        assertThat(env(operator(manifests)))
                .containsEntry("MANAGEDKVS_RECONCILE_PROGRESSING_INTERVAL", "2s")
                .containsEntry("MANAGEDKVS_RECONCILE_RESYNC_INTERVAL", "5m")
                .containsEntry("MANAGEDKVS_IMAGE_REGISTRY", "mirror.example.com")
                .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false")
                .containsEntry("JAVA_TOOL_OPTIONS", "-XX:+UseSerialGC")
                .containsEntry("EXTRA", "one");
    }

    @Test
    void aReleaseWithAnotherNameNamesEveryObjectAfterIt() {
        Manifests manifests = HelmChart.render(ChartValues.defaults().set("fullnameOverride", "kvs"));
        assertThat(manifests.objects()).extracting(HasMetadata::getMetadata).extracting(m -> m.getName())
                .allSatisfy(name -> assertThat(name).startsWith("kvs-"));
    }

    static Container operator(Manifests manifests) {
        return manifests.get(Deployment.class, OPERATOR).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static Map<String, String> env(Container container) {
        return container.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }
}
