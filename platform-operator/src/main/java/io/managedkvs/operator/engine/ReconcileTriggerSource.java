package io.managedkvs.operator.engine;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.managedkvs.api.engine.ReconcileTrigger;
import io.managedkvs.api.engine.ResourceRef;
import io.managedkvs.api.resource.ManagedKVS;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets engines ask for a prompt reconcile (after a failover their data plane reported, for example):
 * each request becomes an event of an inbound event source registered with the reconciler, which the
 * Operator SDK queues like any other event for that resource. Requests made before the operator has
 * started are dropped; the first reconcile after start covers them.
 */
@Singleton
public class ReconcileTriggerSource implements ReconcileTrigger {

    public static final String EVENT_SOURCE_NAME = "reconcile-trigger";

    private final SimpleInboundEventSource<ManagedKVS> source = new SimpleInboundEventSource<>(EVENT_SOURCE_NAME);
    /** Requests not yet served, so that logs can say a reconcile was asked for by an engine. */
    private final Set<ResourceRef> pending = ConcurrentHashMap.newKeySet();

    @Override
    public void reconcileSoon(ResourceRef resource) {
        pending.add(resource);
        source.propagateEvent(new ResourceID(resource.name(), resource.namespace()));
    }

    /** Whether a request for {@code resource} was pending; clears it. */
    public boolean consume(ResourceRef resource) {
        return pending.remove(resource);
    }

    /** The event source to register with the reconciler. */
    public SimpleInboundEventSource<ManagedKVS> eventSource() {
        return source;
    }
}
