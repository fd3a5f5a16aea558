package io.managedkvs.operator.resources;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.api.resource.ManagedKVS;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads from the informer caches of the owned kinds, so that a reconcile reads without API calls.
 * Each owned kind has exactly one informer (see {@code InformerSources}).
 */
public final class ClusterCache {

    private final Context<ManagedKVS> context;

    public ClusterCache(Context<ManagedKVS> context) {
        this.context = context;
    }

    @SuppressWarnings("unchecked")
    public <R extends HasMetadata> InformerEventSource<R, ManagedKVS> informer(Class<R> type) {
        return (InformerEventSource<R, ManagedKVS>) context.eventSourceRetriever().getEventSourceFor(type);
    }

    public <R extends HasMetadata> Optional<R> get(Class<R> type, String namespace, String name) {
        return informer(type).get(new ResourceID(name, namespace));
    }

    /** The cached objects of {@code type} that carry the instance label of {@code owner}. */
    public <R extends HasMetadata> List<R> ofInstance(Class<R> type, ManagedKVS owner) {
        return list(type, owner.getMetadata().getNamespace(), instanceLabel(owner.getMetadata().getName()));
    }

    public <R extends HasMetadata> List<R> list(Class<R> type, String namespace, Predicate<R> filter) {
        return informer(type).list(namespace, filter).toList();
    }

    private static <R extends HasMetadata> Predicate<R> instanceLabel(String instance) {
        return object -> object.getMetadata().getLabels() != null
                && instance.equals(object.getMetadata().getLabels().get(Labels.INSTANCE));
    }
}
