package io.managedkvs.chart.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.managedkvs.chart.support.ChartValues;
import io.managedkvs.chart.support.HelmChart;
import io.managedkvs.chart.support.Manifests;
import io.managedkvs.chart.scheduler.KubeSchedulerConfiguration.Extender;
import io.managedkvs.scheduler.http.ExtenderResource;
import jakarta.ws.rs.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's KubeSchedulerConfiguration parses with kube-scheduler's own field set, calls our
 * extender where the extender's code serves it, and agrees with the operator on the scheduler name.
 */
class SchedulerConfigTest {

    private static final String SCHEDULER = "managed-kvs-scheduler";

    @Test
    void theConfigurationUsesOnlyKnownFieldsAndItsOwnLeaseAndProfile() {
        KubeSchedulerConfiguration config = config(HelmChart.render(ChartValues.defaults()));

        assertThat(config.apiVersion()).isEqualTo("kubescheduler.config.k8s.io/v1");
        assertThat(config.kind()).isEqualTo("KubeSchedulerConfiguration");
        assertThat(config.profiles()).singleElement().satisfies(p -> assertThat(p.schedulerName()).isEqualTo(SCHEDULER));
        assertThat(config.leaderElection().leaderElect()).isTrue();
        assertThat(config.leaderElection().resourceLock()).isEqualTo("leases");
        assertThat(config.leaderElection().resourceName())
                .as("not kube-scheduler's own Lease, which the default scheduler holds").isEqualTo(SCHEDULER);
        assertThat(config.leaderElection().resourceNamespace()).isEqualTo(HelmChart.NAMESPACE);
    }

    @Test
    void theExtenderStanzaCallsTheSidecarOnLocalhostLastIgnorablyWithNodeNames() {
        Manifests manifests = HelmChart.render(ChartValues.defaults());
        KubeSchedulerConfiguration config = config(manifests);

        assertThat(config.extenders()).isNotEmpty();
        Extender ours = config.extenders().get(config.extenders().size() - 1);
        int extenderPort = extenderContainer(manifests).getPorts().get(0).getContainerPort();
        assertThat(ours.urlPrefix()).isEqualTo("http://127.0.0.1:" + extenderPort + "/" + resourcePath(ExtenderResource.class));
        assertThat(ours.filterVerb()).isEqualTo(verbPath("filter"));
        assertThat(ours.prioritizeVerb()).isEqualTo(verbPath("prioritize"));
        assertThat(ours.bindVerb()).as("the extender does not bind (decision 0003)").isNull();
        assertThat(ours.preemptVerb()).isNull();
        assertThat(ours.weight()).isEqualTo(5L);
        assertThat(ours.nodeCacheCapable()).isTrue();
        assertThat(ours.ignorable()).as("a failing extender must never block scheduling").isTrue();
        assertThat(ours.enableHTTPS()).isFalse();
        assertThat(ours.managedResources()).isNull();
        assertThat(goDuration(ours.httpTimeout())).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void extenderValuesReachTheStanzaAndTheContainer() {
        Manifests manifests = HelmChart.render(ChartValues.defaults()
                .set("scheduler.extender.port", 9090)
                .set("scheduler.extender.weight", 3)
                .set("scheduler.extender.httpTimeout", "1500ms")
                .set("scheduler.extender.nodeCacheCapable", false)
                .set("scheduler.name", "kvs-scheduler"));
        KubeSchedulerConfiguration config = config(manifests);
        Extender ours = config.extenders().get(0);

        assertThat(ours.urlPrefix()).isEqualTo("http://127.0.0.1:9090/scheduler");
        assertThat(ours.weight()).isEqualTo(3L);
        assertThat(goDuration(ours.httpTimeout())).isEqualTo(Duration.ofMillis(1500));
        assertThat(ours.nodeCacheCapable()).isFalse();
        assertThat(ours.ignorable()).isTrue();
        assertThat(config.profiles().get(0).schedulerName()).isEqualTo("kvs-scheduler");
        assertThat(config.leaderElection().resourceName()).isEqualTo("kvs-scheduler");
        Container extender = extenderContainer(manifests);
        assertThat(extender.getPorts().get(0).getContainerPort()).isEqualTo(9090);
        assertThat(env(extender)).containsEntry("QUARKUS_HTTP_PORT", "9090");
        assertThat(env(operatorContainer(manifests))).containsEntry("MANAGEDKVS_SCHEDULER_NAME", "kvs-scheduler");
    }

    @Test
    void theOperatorNamesTheSchedulerThatIsInstalledAndUsesItByDefaultOnlyWhenItIsInstalled() {
        Map<String, String> installed = env(operatorContainer(HelmChart.render(ChartValues.defaults())));
        assertThat(installed).containsEntry("MANAGEDKVS_SCHEDULER_NAME", config(HelmChart.render(ChartValues.defaults()))
                .profiles().get(0).schedulerName());
        assertThat(installed).containsEntry("MANAGEDKVS_SCHEDULER_ENABLED_BY_DEFAULT", "true");

        Manifests off = HelmChart.render(ChartValues.defaults().set("scheduler.enabled", false));
        assertThat(env(operatorContainer(off))).containsEntry("MANAGEDKVS_SCHEDULER_ENABLED_BY_DEFAULT", "false");
        assertThat(off.find(Deployment.class, SCHEDULER)).isEmpty();
        assertThat(off.find(ConfigMap.class, SCHEDULER + "-config")).isEmpty();
        assertThat(off.names()).noneMatch(n -> n.contains("scheduler"));

        Manifests notByDefault = HelmChart.render(ChartValues.defaults().set("scheduler.useByDefault", false));
        assertThat(env(operatorContainer(notByDefault))).containsEntry("MANAGEDKVS_SCHEDULER_ENABLED_BY_DEFAULT", "false");
        assertThat(notByDefault.find(Deployment.class, SCHEDULER)).isPresent();
    }

    @Test
    void kubeSchedulerRunsWithTheMountedConfigurationBesideTheExtender() {
        Manifests manifests = HelmChart.render(ChartValues.defaults());
        PodSpec pod = manifests.get(Deployment.class, SCHEDULER).getSpec().getTemplate().getSpec();

        assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("kube-scheduler", "extender");
        Container kubeScheduler = pod.getContainers().get(0);
        assertThat(kubeScheduler.getImage()).isEqualTo("registry.k8s.io/kube-scheduler:v1.35.9");
        assertThat(kubeScheduler.getCommand()).startsWith("kube-scheduler")
                .contains("--config=/etc/kubernetes/managed-kvs-scheduler/config.yaml");
        assertThat(kubeScheduler.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/etc/kubernetes/managed-kvs-scheduler");
            assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals(m.getName())).singleElement()
                    .satisfies(v -> assertThat(v.getConfigMap().getName()).isEqualTo(SCHEDULER + "-config"));
        });
        assertThat(manifests.get(ConfigMap.class, SCHEDULER + "-config").getData()).containsKey("config.yaml");
        Container extender = pod.getContainers().get(1);
        assertThat(extender.getImage()).isEqualTo("ghcr.io/managed-kvs/scheduler-extender:" + io.managedkvs.chart.support.ChartPaths.projectVersion());
        assertThat(extender.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(extender.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(env(extender)).containsEntry("MANAGEDKVS_SCHEDULER_ZONE_LABEL", "topology.kubernetes.io/zone")
                .containsEntry("MANAGEDKVS_SCHEDULER_ZONE_MAJORITY", "required")
                .containsEntry("MANAGEDKVS_SCHEDULER_RESERVATION_TTL", "10m");
        assertThat(manifests.get(Deployment.class, SCHEDULER).getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey("checksum/config");
    }

    @Test
    void aChangedConfigurationChangesThePodTemplateSoTheSchedulerRestarts() {
        String before = HelmChart.render(ChartValues.defaults()).get(Deployment.class, SCHEDULER)
                .getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config");
        String after = HelmChart.render(ChartValues.defaults().set("scheduler.extender.weight", 3)).get(Deployment.class, SCHEDULER)
                .getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config");
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void theStrictParserRejectsAKeyKubeSchedulerDoesNotKnow() {
        assertThatThrownBy(() -> KubeSchedulerConfiguration.parse("""
                apiVersion: kubescheduler.config.k8s.io/v1
                kind: KubeSchedulerConfiguration
                extenders:
                  - urlPrefix: http://127.0.0.1:8080/scheduler
                    ignoreable: true
                """)).hasMessageContaining("ignoreable");
    }

    static KubeSchedulerConfiguration config(Manifests manifests) {
        return KubeSchedulerConfiguration.parse(manifests.get(ConfigMap.class, SCHEDULER + "-config").getData().get("config.yaml"));
    }

    static Container extenderContainer(Manifests manifests) {
        return manifests.get(Deployment.class, SCHEDULER).getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("extender")).findFirst().orElseThrow();
    }

    static Container operatorContainer(Manifests manifests) {
        return manifests.get(Deployment.class, "managed-kvs-operator").getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static Map<String, String> env(Container container) {
        return container.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    /** The class-level JAX-RS path of the extender, without slashes: kube-scheduler's urlPrefix ends with it. */
    private static String resourcePath(Class<?> resource) {
        return resource.getAnnotation(Path.class).value().replaceAll("^/|/$", "");
    }

    /** The JAX-RS path of the extender method serving a verb, without slashes. */
    private static String verbPath(String verb) {
        List<String> paths = Arrays.stream(ExtenderResource.class.getMethods())
                .map(m -> m.getAnnotation(Path.class)).filter(p -> p != null)
                .map(p -> p.value().replaceAll("^/|/$", "")).toList();
        assertThat(paths).as("the extender serves %s", verb).contains(verb);
        return verb;
    }

    /** A Go duration as kube-scheduler reads httpTimeout (a number and a unit, repeated). */
    static Duration goDuration(String text) {
        var matcher = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|ms|s|m|h)").matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (matcher.find()) {
            assertThat(matcher.start()).as("Go duration %s", text).isEqualTo(end);
            end = matcher.end();
            double amount = Double.parseDouble(matcher.group(1));
            long nanos = switch (matcher.group(2)) {
                case "ns" -> 1L;
                case "us" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total = total.plusNanos(Math.round(amount * nanos));
        }
        assertThat(end).as("Go duration %s", text).isEqualTo(text.length()).isPositive();
        return total;
    }

}
