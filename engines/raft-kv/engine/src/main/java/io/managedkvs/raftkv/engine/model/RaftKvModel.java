package io.managedkvs.raftkv.engine.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
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
import io.managedkvs.api.resource.ManagedKVSStatus;
import io.managedkvs.api.resource.RaftKvSpec;
import io.managedkvs.api.resource.RaftKvStatus;
import io.managedkvs.api.resource.StorageSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Turns a ManagedKVS of engine raft-kv into the Kubernetes objects that run it: the placement
 * driver and store StatefulSets, their Services and PodDisruptionBudgets. Pure: the same resource
 * and platform settings always give the same objects, and nothing here does I/O.
 */
public final class RaftKvModel {

    /** Pod label with a digest of the store template; a store whose label differs must restart. */
    public static final String TEMPLATE_HASH_LABEL = "managedkvs.io/template-hash";
    /** Pod label with the spec.version the pod was created for. */
    public static final String VERSION_LABEL = "managedkvs.io/version";
    public static final String DEFAULT_STORE_STORAGE = "10Gi";
    public static final String DEFAULT_PD_STORAGE = "1Gi";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PlatformSettings platform;

    public RaftKvModel(PlatformSettings platform) {
        this.platform = platform;
    }

    public static RaftKvNames names(ManagedKVS resource) {
        return new RaftKvNames(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
    }

    public List<HasMetadata> resources(ManagedKVS resource) {
        ManagedKVSSpec spec = resource.getSpec();
        RaftKvNames names = names(resource);
        RaftKvSpec raftKv = spec.effectiveRaftKv();
        int pdReplicas = raftKv.effectivePlacementDriver().effectiveReplicas();
        PodPlacement storePlacement = placement(spec, names, RaftKvNames.COMPONENT_STORE);
        PodPlacement pdPlacement = placement(spec, names, RaftKvNames.COMPONENT_PD);
        RaftKvPods pods = pods(resource);

        PodTemplateSpec storeTemplate = withHash(pods.storeTemplate(storePlacement),
                RaftKvPods.schedulingAnnotations(spec.effectiveReplicas(), storePlacement));
        PodTemplateSpec pdTemplate = new PodTemplateSpecBuilder(pods.pdTemplate(pdPlacement)).editMetadata()
                .addToAnnotations(RaftKvPods.schedulingAnnotations(pdReplicas, pdPlacement)).endMetadata().build();

        List<HasMetadata> out = new ArrayList<>();
        out.add(pdStatefulSet(names, raftKv, pdTemplate, pdReplicas));
        out.add(storeStatefulSet(names, spec, storeTemplate, storeStatefulSetReplicas(resource)));
        out.addAll(new RaftKvServices(names, raftKv.effectiveProtocols().respOrDefault()).all(spec.effectiveExpose()));
        // One member down at a time, for either component: every region and the placement driver keep a majority.
        out.add(disruptionBudget(names.storeDisruptionBudget(), names, RaftKvNames.COMPONENT_STORE));
        out.add(disruptionBudget(names.pdDisruptionBudget(), names, RaftKvNames.COMPONENT_PD));
        return out;
    }

    /** The template hash the stores of {@code resource} should carry. */
    public String storeTemplateHash(ManagedKVS resource) {
        RaftKvNames names = names(resource);
        return hash(pods(resource).storeTemplate(placement(resource.getSpec(), names, RaftKvNames.COMPONENT_STORE)));
    }

    /**
     * The size of the store StatefulSet. It shrinks below a store's ordinal only once the placement
     * driver reports that store a tombstone (every replica moved away), as the status records it.
     * Before the placement driver was ever heard from, it keeps the size last reported.
     */
    public static int storeStatefulSetReplicas(ManagedKVS resource) {
        int wanted = resource.getSpec().effectiveReplicas();
        ManagedKVSStatus status = resource.getStatus();
        if (status == null) {
            return wanted;
        }
        RaftKvStatus raftKv = status.raftKv();
        if (raftKv == null) {
            Integer before = status.members() == null ? null : status.members().desired();
            return Math.max(wanted, before == null ? 0 : before);
        }
        int size = wanted;
        for (RaftKvStatus.StoreStatus store : raftKv.stores()) {
            if (!store.tombstone() && store.pod() != null) {
                size = Math.max(size, Member.ordinalOf(store.pod()) + 1);
            }
        }
        return size;
    }

    private PodPlacement placement(ManagedKVSSpec spec, RaftKvNames names, String component) {
        return PodPlacement.of(spec.effectiveScheduling(), platform, Labels.selector(RaftKvNames.ENGINE, names.instance(), component));
    }

    private RaftKvPods pods(ManagedKVS resource) {
        ManagedKVSSpec spec = resource.getSpec();
        return new RaftKvPods(names(resource), spec, platform.image(RaftKvVersions.image(spec.version())));
    }

    private static PodTemplateSpec withHash(PodTemplateSpec template, Map<String, String> schedulingAnnotations) {
        return new PodTemplateSpecBuilder(template).editMetadata()
                .addToLabels(TEMPLATE_HASH_LABEL, hash(template))
                .addToAnnotations(schedulingAnnotations)
                .endMetadata().build();
    }

    static String hash(PodTemplateSpec template) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(JSON.writeValueAsString(template).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot digest a pod template", e);
        }
    }

    private static StatefulSet pdStatefulSet(RaftKvNames names, RaftKvSpec raftKv, PodTemplateSpec template, int replicas) {
        StorageSpec storage = raftKv.effectivePlacementDriver().storage();
        return new StatefulSetBuilder()
                .withNewMetadata().withName(names.pdStatefulSet()).withNamespace(names.namespace())
                .withLabels(Labels.of(RaftKvNames.ENGINE, names.instance(), RaftKvNames.COMPONENT_PD)).endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withServiceName(names.pdHeadlessService())
                // Members find each other to elect a leader: all must start, none waits for another to be ready.
                .withPodManagementPolicy("Parallel")
                .withNewOrdinals().withStart(RaftKvNames.PD_FIRST_ORDINAL).endOrdinals()
                // Kubernetes replaces one member at a time and waits for it to be ready; the budget keeps the rest.
                .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
                .withNewSelector().withMatchLabels(Labels.selector(RaftKvNames.ENGINE, names.instance(), RaftKvNames.COMPONENT_PD)).endSelector()
                .withTemplate(template)
                .withVolumeClaimTemplates(claim(names, RaftKvNames.COMPONENT_PD, storage, DEFAULT_PD_STORAGE))
                .endSpec()
                .build();
    }

    private static StatefulSet storeStatefulSet(RaftKvNames names, ManagedKVSSpec spec, PodTemplateSpec template, int replicas) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName(names.storeStatefulSet()).withNamespace(names.namespace())
                .withLabels(Labels.of(RaftKvNames.ENGINE, names.instance(), RaftKvNames.COMPONENT_STORE)).endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withServiceName(names.storeHeadlessService())
                .withPodManagementPolicy("Parallel")
                // The engine restarts stores itself, one at a time and only once its leaders moved away.
                .withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy()
                .withNewSelector().withMatchLabels(Labels.selector(RaftKvNames.ENGINE, names.instance(), RaftKvNames.COMPONENT_STORE)).endSelector()
                .withTemplate(template)
                .withVolumeClaimTemplates(claim(names, RaftKvNames.COMPONENT_STORE, spec.storage(), DEFAULT_STORE_STORAGE))
                // A store removed by a scale-in is a tombstone for good: a later scale-out must start on an empty volume.
                .withNewPersistentVolumeClaimRetentionPolicy().withWhenScaled("Delete").withWhenDeleted("Retain")
                .endPersistentVolumeClaimRetentionPolicy()
                .endSpec()
                .build();
    }

    private static PersistentVolumeClaim claim(RaftKvNames names, String component, StorageSpec storage, String defaultSize) {
        String size = storage == null || storage.size() == null ? defaultSize : storage.size();
        String storageClass = storage == null || storage.storageClassName() == null || storage.storageClassName().isBlank()
                ? null : storage.storageClassName();
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(RaftKvNames.DATA_VOLUME)
                .withLabels(Labels.of(RaftKvNames.ENGINE, names.instance(), component)).endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                // Left out when not named, so the cluster's default StorageClass is used.
                .withStorageClassName(storageClass)
                .withNewResources().addToRequests("storage", new Quantity(size)).endResources()
                .endSpec()
                .build();
    }

    private static PodDisruptionBudget disruptionBudget(String name, RaftKvNames names, String component) {
        return new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName(name).withNamespace(names.namespace())
                .withLabels(Labels.of(RaftKvNames.ENGINE, names.instance(), component)).endMetadata()
                .withNewSpec()
                .withMaxUnavailable(new IntOrString(1))
                .withNewSelector().withMatchLabels(Labels.selector(RaftKvNames.ENGINE, names.instance(), component)).endSelector()
                .endSpec()
                .build();
    }
}
