package io.managedkvs.operator.reconcile;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSStatus;

/**
 * Writes a new status with a JSON patch of the status subresource: only the fields that changed, no
 * resourceVersion precondition (the operator is the status's only writer, and a concurrent spec
 * change must not fail the write), through the primary's informer so that the next reconcile sees
 * the new status at once.
 */
final class StatusWriter {

    private final Context<ManagedKVS> context;

    StatusWriter(Context<ManagedKVS> context) {
        this.context = context;
    }

    void write(ManagedKVS resource, ManagedKVSStatus status) {
        context.resourceOperations().jsonPatchPrimaryStatus(resource, current -> {
            current.setStatus(status);
            current.getMetadata().setResourceVersion(null);
            return current;
        });
    }
}
