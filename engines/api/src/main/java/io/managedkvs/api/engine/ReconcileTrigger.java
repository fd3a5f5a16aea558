package io.managedkvs.api.engine;

/**
 * Asks the operator to reconcile a resource now instead of at the next resync. Engines call it when
 * their data plane reports a change the cluster should follow quickly, such as a failover.
 */
@FunctionalInterface
public interface ReconcileTrigger {

    void reconcileSoon(ResourceRef resource);
}
