package io.managedkvs.operator.resources;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.managedkvs.api.engine.ResourceRef;
import io.managedkvs.api.resource.ManagedKVS;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies prepared desired objects with server-side apply under the operator's field manager, forcing
 * ownership of conflicting fields. An object whose live copy (from the informer cache) carries the
 * same {@link AppliedHash} and still holds every value the operator set is left alone; one that
 * somebody changed by hand since ({@link LiveDrift}) is applied again, which takes the change back.
 */
public final class ResourceApplier {

    /** The one field manager every object the operator applies is written under. */
    public static final String FIELD_MANAGER = "managed-kvs-operator";

    private static final PatchContext APPLY = new PatchContext.Builder()
            .withPatchType(PatchType.SERVER_SIDE_APPLY)
            .withFieldManager(FIELD_MANAGER)
            .withForce(true)
            .build();

    /**
     * What an apply pass wrote.
     *
     * @param written  the keys of every object written, in order
     * @param reverted of those, the ones written because their live copy had drifted, with the paths that had
     */
    public record Report(List<ResourceKey> written, Map<ResourceKey, List<String>> reverted) {
    }

    private final Context<ManagedKVS> context;
    private final ClusterCache cache;
    private final DriftBaseline baseline;

    public ResourceApplier(Context<ManagedKVS> context, ClusterCache cache, DriftBaseline baseline) {
        this.context = context;
        this.cache = cache;
        this.baseline = baseline;
    }

    /** Applies what differs, in the given order. */
    public Report apply(ManagedKVS owner, List<HasMetadata> prepared) {
        ResourceRef instance = ResourceRef.of(owner);
        List<ResourceKey> written = new ArrayList<>();
        Map<ResourceKey, List<String>> reverted = new LinkedHashMap<>();
        for (HasMetadata desired : prepared) {
            ResourceKey key = ResourceKey.of(desired);
            // Prepared objects carry their digest already (DesiredResources.prepare).
            String hash = AppliedHash.on(desired);
            Optional<? extends HasMetadata> live = cache.get(desired.getClass(), desired.getMetadata().getNamespace(),
                    desired.getMetadata().getName());
            if (live.isPresent() && hash.equals(AppliedHash.on(live.get())) && live.get().getMetadata().getDeletionTimestamp() == null) {
                List<String> drift = baseline.drift(instance, key, hash, LiveDrift.differences(desired, live.get()));
                if (drift.isEmpty()) {
                    continue;
                }
                reverted.put(key, drift);
            }
            HasMetadata result = applyOne(desired);
            baseline.record(instance, key, hash, result == null ? List.of() : LiveDrift.differences(desired, result));
            written.add(key);
        }
        return new Report(written, reverted);
    }

    @SuppressWarnings("unchecked")
    private HasMetadata applyOne(HasMetadata desired) {
        Class<HasMetadata> type = (Class<HasMetadata>) desired.getClass();
        // Through the informer, so that the next reconcile sees the applied object even before its
        // watch event arrives, and our own write does not wake the reconciler again.
        return context.resourceOperations().resourcePatch(desired, r -> context.getClient().resource(r).patch(APPLY), cache.informer(type));
    }
}
