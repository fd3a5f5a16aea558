package io.managedkvs.chart.scheduler;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The fields of kube-scheduler's {@code kubescheduler.config.k8s.io/v1} KubeSchedulerConfiguration, as
 * the upstream Go types declare them (k8s.io/kube-scheduler/config/v1/types.go and the component-base
 * v1alpha1 LeaderElectionConfiguration and ClientConnectionConfiguration). kube-scheduler decodes its
 * configuration strictly, so an unknown key stops it from starting; {@link #parse} fails the same way.
 */
public record KubeSchedulerConfiguration(
        String apiVersion,
        String kind,
        Integer parallelism,
        LeaderElection leaderElection,
        ClientConnection clientConnection,
        Boolean enableProfiling,
        Boolean enableContentionProfiling,
        Integer percentageOfNodesToScore,
        Integer percentageOfPlacementsToScore,
        Long podInitialBackoffSeconds,
        Long podMaxBackoffSeconds,
        List<Profile> profiles,
        List<Extender> extenders,
        Boolean delayCacheUntilActive) {

    private static final ObjectMapper STRICT = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public static KubeSchedulerConfiguration parse(String yaml) {
        try {
            return STRICT.readValue(yaml, KubeSchedulerConfiguration.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a valid KubeSchedulerConfiguration: " + e.getMessage(), e);
        }
    }

    /** component-base LeaderElectionConfiguration. */
    public record LeaderElection(Boolean leaderElect, String leaseDuration, String renewDeadline, String retryPeriod,
                                 String resourceLock, String resourceName, String resourceNamespace) {
    }

    /** component-base ClientConnectionConfiguration. */
    public record ClientConnection(String kubeconfig, String acceptContentTypes, String contentType, Double qps, Integer burst) {
    }

    public record Profile(String schedulerName, Integer percentageOfNodesToScore, Integer percentageOfPlacementsToScore,
                          Map<String, PluginSet> plugins, List<PluginConfig> pluginConfig) {
    }

    public record PluginSet(List<Plugin> enabled, List<Plugin> disabled) {
    }

    public record Plugin(String name, Integer weight) {
    }

    public record PluginConfig(String name, Map<String, Object> args) {
    }

    public record Extender(String urlPrefix, String filterVerb, String preemptVerb, String prioritizeVerb, Long weight,
                           String bindVerb, Boolean enableHTTPS, Map<String, Object> tlsConfig, String httpTimeout,
                           Boolean nodeCacheCapable, List<ManagedResource> managedResources, Boolean ignorable) {
    }

    public record ManagedResource(String name, Boolean ignoredByScheduler) {
    }
}
