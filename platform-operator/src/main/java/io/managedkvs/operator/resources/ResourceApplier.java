package io.managedkvs.operator.resources;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.managedkvs.api.resource.ManagedKVS;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies prepared desired objects with server-side apply under the operator's field manager, forcing
 * ownership of conflicting fields. An object whose live copy (from the informer cache) carries the
 * same {@link AppliedHash} is left alone.
 */
public final class ResourceApplier {

    /** The one field manager every object the operator applies is written under. */
    public static final String FIELD_MANAGER = "managed-kvs-operator";

    private static final PatchContext APPLY = new PatchContext.Builder()
            .withPatchType(PatchType.SERVER_SIDE_APPLY)
            .withFieldManager(FIELD_MANAGER)
            .withForce(true)
            .build();

    private final Context<ManagedKVS> context;
    private final ClusterCache cache;

    public ResourceApplier(Context<ManagedKVS> context, ClusterCache cache) {
        this.context = context;
        this.cache = cache;
    }

    /** Applies what differs, in the given order; returns the keys of the objects written. */
    public List<ResourceKey> apply(List<HasMetadata> prepared) {
        List<ResourceKey> written = new ArrayList<>();
        for (HasMetadata desired : prepared) {
            if (upToDate(desired)) {
                continue;
            }
            applyOne(desired);
            written.add(ResourceKey.of(desired));
        }
        return written;
    }

    private boolean upToDate(HasMetadata desired) {
        Optional<? extends HasMetadata> live = cache.get(desired.getClass(), desired.getMetadata().getNamespace(),
                desired.getMetadata().getName());
        // Prepared objects carry their digest already (DesiredResources.prepare).
        return live.isPresent() && AppliedHash.on(desired).equals(AppliedHash.on(live.get()))
                && live.get().getMetadata().getDeletionTimestamp() == null;
    }

    @SuppressWarnings("unchecked")
    private void applyOne(HasMetadata desired) {
        Class<HasMetadata> type = (Class<HasMetadata>) desired.getClass();
        // Through the informer, so that the next reconcile sees the applied object even before its
        // watch event arrives, and our own write does not wake the reconciler again.
        context.resourceOperations().resourcePatch(desired, r -> context.getClient().resource(r).patch(APPLY), cache.informer(type));
    }
}
