package io.managedkvs.operator.resources;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSBackup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One informer per {@link OwnedKinds owned kind}, each listing only objects labelled
 * {@code app.kubernetes.io/managed-by=managed-kvs} in the namespaces the reconciler watches. An event
 * on an object wakes the ManagedKVS that controls it (owner reference), or for pods, which their
 * workloads own, the ManagedKVS named by their instance label.
 */
public final class InformerSources {

    private InformerSources() {
    }

    public static List<EventSource<?, ManagedKVS>> create(EventSourceContext<ManagedKVS> context) {
        List<EventSource<?, ManagedKVS>> sources = new ArrayList<>();
        for (OwnedKind kind : OwnedKinds.ALL) {
            sources.add(informer(kind.type(), kind.resource(), context));
        }
        sources.add(backups(context));
        return sources;
    }

    /**
     * Backups of every instance (users create them, so they carry no label to select by); a change
     * wakes the instance named by spec.instance, whose status.lastBackup follows its newest finished one.
     */
    private static InformerEventSource<ManagedKVSBackup, ManagedKVS> backups(EventSourceContext<ManagedKVS> context) {
        return new InformerEventSource<>(InformerEventSourceConfiguration.from(ManagedKVSBackup.class, ManagedKVS.class)
                .withName("managedkvsbackups")
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(b -> b.getSpec() == null || b.getSpec().instance() == null ? Set.of()
                        : Set.of(new ResourceID(b.getSpec().instance(), b.getMetadata().getNamespace())))
                .build(), context);
    }

    private static <R extends HasMetadata> InformerEventSource<R, ManagedKVS> informer(Class<R> type, String name,
                                                                                      EventSourceContext<ManagedKVS> context) {
        SecondaryToPrimaryMapper<R> mapper = type == Pod.class ? InformerSources::byInstanceLabel
                : Mappers.fromOwnerReferences(ManagedKVS.class);
        return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, ManagedKVS.class)
                .withName(name)
                .withLabelSelector(Labels.managedBySelector())
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(mapper)
                .build(), context);
    }

    private static Set<ResourceID> byInstanceLabel(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        String instance = labels == null ? null : labels.get(Labels.INSTANCE);
        return instance == null ? Set.of() : Set.of(new ResourceID(instance, object.getMetadata().getNamespace()));
    }
}
