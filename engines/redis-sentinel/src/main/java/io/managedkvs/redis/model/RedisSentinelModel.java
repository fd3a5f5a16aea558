package io.managedkvs.redis.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.managedkvs.api.engine.Member;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.placement.PodPlacement;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.StorageSpec;
import io.managedkvs.redis.config.DirectiveCatalogue;
import io.managedkvs.redis.config.RedisConfRenderer;
import io.managedkvs.redis.config.RedisSettings;
import io.managedkvs.redis.config.SentinelConfRenderer;
import io.managedkvs.redis.config.SentinelSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a ManagedKVS of engine redis-sentinel into the Kubernetes objects that run it. Pure: the
 * same resource and platform settings always give the same objects, and nothing here does I/O.
 */
public final class RedisSentinelModel {

    /** Pod label with a digest of the pod template; a member whose label differs must restart. */
    public static final String TEMPLATE_HASH_LABEL = "managedkvs.io/template-hash";
    /**
     * Pod label with the spec.version the pod was created for, so that each member shows what it runs
     * and the newest version any member ever ran is known before a rollout completes.
     */
    public static final String VERSION_LABEL = "managedkvs.io/version";
    /** Pod annotation with a digest of the restart-required redis.conf directives. */
    public static final String CONFIG_HASH_ANNOTATION = "managedkvs.io/config-hash";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PlatformSettings platform;
    private final DirectiveCatalogue catalogue;

    public RedisSentinelModel(PlatformSettings platform, DirectiveCatalogue catalogue) {
        this.platform = platform;
        this.catalogue = catalogue;
    }

    public List<HasMetadata> resources(ManagedKVS resource) {
        ManagedKVSSpec spec = resource.getSpec();
        RedisNames names = names(resource);
        RedisSettings settings = RedisSettings.of(spec.redis(), spec.effectiveReplicas());
        SentinelSettings sentinel = SentinelSettings.of(spec.redis() == null ? null : spec.redis().sentinel());
        RedisPods pods = pods(resource);
        PodTemplateSpec redisTemplate = finishRedisTemplate(pods.redisTemplate(settings.restartHash(catalogue)),
                pods.redisSchedulingAnnotations(spec.effectiveReplicas()));

        List<HasMetadata> out = new ArrayList<>();
        out.add(configMap(names, settings, sentinel.replicas(), PodTls.of(spec)));
        out.add(redisStatefulSet(names, spec, redisTemplate, statefulSetReplicas(resource)));
        out.add(sentinelStatefulSet(names, pods.sentinelTemplate(sentinel.replicas()), sentinel.replicas()));
        out.addAll(new RedisServices(names).all(spec.effectiveExpose()));
        out.add(disruptionBudget(names.redisDisruptionBudget(), names, RedisNames.COMPONENT_REDIS, 1));
        out.add(disruptionBudget(names.sentinelDisruptionBudget(), names, RedisNames.COMPONENT_SENTINEL,
                Math.max(1, sentinel.replicas() - SentinelSettings.majority(sentinel.replicas()))));
        return out;
    }

    /** The template hash the redis members of {@code resource} should carry. */
    public String redisTemplateHash(ManagedKVS resource) {
        ManagedKVSSpec spec = resource.getSpec();
        RedisSettings settings = RedisSettings.of(spec.redis(), spec.effectiveReplicas());
        return hash(pods(resource).redisTemplate(settings.restartHash(catalogue)));
    }

    /**
     * The size of the redis StatefulSet. It only shrinks below the current primary's ordinal once
     * the primary has moved to a member that stays: scale-in never removes the primary.
     */
    public static int statefulSetReplicas(ManagedKVS resource) {
        int wanted = resource.getSpec().effectiveReplicas();
        String primary = resource.getStatus() == null ? null : resource.getStatus().primary();
        if (primary == null) {
            return wanted;
        }
        int ordinal = Member.ordinalOf(primary);
        return Math.max(wanted, ordinal + 1);
    }

    public static RedisNames names(ManagedKVS resource) {
        return new RedisNames(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
    }

    private RedisPods pods(ManagedKVS resource) {
        ManagedKVSSpec spec = resource.getSpec();
        RedisNames names = names(resource);
        PodPlacement redisPlacement = PodPlacement.of(spec.effectiveScheduling(), platform,
                Labels.selector(RedisNames.ENGINE, names.instance(), RedisNames.COMPONENT_REDIS));
        PodPlacement sentinelPlacement = PodPlacement.of(spec.effectiveScheduling(), platform,
                Labels.selector(RedisNames.ENGINE, names.instance(), RedisNames.COMPONENT_SENTINEL));
        return new RedisPods(names, spec, platform.image(RedisVersions.image(spec.version())), redisPlacement, sentinelPlacement,
                new BackupPods(platform));
    }

    /**
     * Adds the template hash label (computed without it) and the scheduling annotations (group size, zone
     * key: left out of the hash).
     */
    private static PodTemplateSpec finishRedisTemplate(PodTemplateSpec template, Map<String, String> schedulingAnnotations) {
        String hash = hash(template);
        return new PodTemplateSpecBuilder(template)
                .editMetadata()
                .addToLabels(TEMPLATE_HASH_LABEL, hash)
                .addToAnnotations(schedulingAnnotations)
                .endMetadata()
                .build();
    }

    /**
     * A digest of a pod template. The scheduling annotations are left out on purpose: scaling must not
     * restart the members that stay, and they matter only when a member is scheduled.
     */
    static String hash(PodTemplateSpec template) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(JSON.writeValueAsString(template).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot digest a pod template", e);
        }
    }

    private static ConfigMap configMap(RedisNames names, RedisSettings settings, int sentinels, PodTls tls) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("redis.conf", RedisConfRenderer.render(settings, "* -::*", RedisNames.REDIS_PORT, ModelVolumes.DATA_MOUNT, tls.config()));
        data.put("sentinel.conf", SentinelConfRenderer.render(RedisNames.SENTINEL_PORT, "* -::*", ModelVolumes.DATA_MOUNT, true,
                tls.config()));
        data.put(Scripts.SENTINELS, sentinelList(names, sentinels));
        for (String script : List.of(Scripts.REDIS_START, Scripts.SENTINEL_START, Scripts.REDIS_READY, Scripts.SENTINEL_READY,
                Scripts.ALIVE)) {
            data.put(script, Scripts.load(script));
        }
        return new ConfigMapBuilder()
                .withNewMetadata().withName(names.configMap()).withNamespace(names.namespace())
                .withLabels(Labels.of(RedisNames.ENGINE, names.instance(), RedisNames.COMPONENT_REDIS)).endMetadata()
                .withData(data)
                .build();
    }

    /**
     * Every Sentinel a starting member asks, by its pod's DNS name: the headless Service publishes
     * pods before they are ready, and Sentinels are ready only once registered.
     */
    static String sentinelList(RedisNames names, int sentinels) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sentinels; i++) {
            out.append(names.sentinelHost(names.sentinelPod(i))).append(' ').append(RedisNames.SENTINEL_PORT).append('\n');
        }
        return out.toString();
    }

    private static StatefulSet redisStatefulSet(RedisNames names, ManagedKVSSpec spec, PodTemplateSpec template, int replicas) {
        StatefulSetBuilder sts = new StatefulSetBuilder()
                .withNewMetadata().withName(names.redisStatefulSet()).withNamespace(names.namespace())
                .withLabels(Labels.of(RedisNames.ENGINE, names.instance(), RedisNames.COMPONENT_REDIS)).endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withServiceName(names.redisHeadlessService())
                .withPodManagementPolicy("Parallel")
                // The engine restarts members itself, replicas first and with one controlled failover.
                .withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy()
                .withNewSelector().withMatchLabels(Labels.selector(RedisNames.ENGINE, names.instance(), RedisNames.COMPONENT_REDIS)).endSelector()
                .withTemplate(template)
                .endSpec();
        if (spec.storage() != null) {
            sts.editSpec().withVolumeClaimTemplates(claim(names, spec.storage())).endSpec();
        }
        return sts.build();
    }

    private static PersistentVolumeClaim claim(RedisNames names, StorageSpec storage) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(ModelVolumes.DATA)
                .withLabels(Labels.of(RedisNames.ENGINE, names.instance(), RedisNames.COMPONENT_REDIS)).endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                // Left out when not named, so the cluster's default StorageClass is used.
                .withStorageClassName(storage.storageClassName() == null || storage.storageClassName().isBlank()
                        ? null : storage.storageClassName())
                .withNewResources().addToRequests("storage", storage.sizeQuantity()).endResources()
                .endSpec()
                .build();
    }

    private static StatefulSet sentinelStatefulSet(RedisNames names, PodTemplateSpec template, int replicas) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName(names.sentinelStatefulSet()).withNamespace(names.namespace())
                .withLabels(Labels.of(RedisNames.ENGINE, names.instance(), RedisNames.COMPONENT_SENTINEL)).endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withServiceName(names.sentinelHeadlessService())
                // A Sentinel is ready only once the operator registered it, which it does once the pods run:
                // every pod must be created without waiting for the previous one to be ready. A rolling update
                // still waits for each replaced Sentinel to be registered before it replaces the next.
                .withPodManagementPolicy("Parallel")
                .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
                .withNewSelector().withMatchLabels(Labels.selector(RedisNames.ENGINE, names.instance(), RedisNames.COMPONENT_SENTINEL)).endSelector()
                .withTemplate(template)
                .endSpec()
                .build();
    }

    private static PodDisruptionBudget disruptionBudget(String name, RedisNames names, String component, int maxUnavailable) {
        return new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName(name).withNamespace(names.namespace())
                .withLabels(Labels.of(RedisNames.ENGINE, names.instance(), component)).endMetadata()
                .withNewSpec()
                .withMaxUnavailable(new IntOrString(maxUnavailable))
                .withNewSelector().withMatchLabels(Labels.selector(RedisNames.ENGINE, names.instance(), component)).endSelector()
                .endSpec()
                .build();
    }
}
