package io.managedkvs.operator.reconcile;

import io.managedkvs.api.engine.ResourceRef;
import io.managedkvs.api.resource.ManagedKVS;
import org.jboss.logging.MDC;

/**
 * Names one reconcile in logs, as {@code Reconciliation #12(event) ManagedKVS(ns/name)}. While it is
 * open, every log line on the reconciling thread (the operator's and the engine's) carries it in the
 * MDC under {@value #MDC_KEY}, with the instance's namespace, name and engine beside it.
 *
 * @param trigger why it runs: {@code event} (a watch event or a scheduled resync), {@code engine}
 *                (an engine asked for it), {@code retry} (after a failed reconcile) or {@code delete}
 */
public record Reconciliation(long id, String trigger, ResourceRef resource) {

    public static final String MDC_KEY = "reconciliation";
    public static final String MDC_NAMESPACE = "kvs.namespace";
    public static final String MDC_INSTANCE = "kvs.instance";
    public static final String MDC_ENGINE = "kvs.engine";

    /** Puts this reconcile into the MDC until the returned scope is closed. */
    public Scope open(String engine) {
        MDC.put(MDC_KEY, toString());
        MDC.put(MDC_NAMESPACE, resource.namespace());
        MDC.put(MDC_INSTANCE, resource.name());
        MDC.put(MDC_ENGINE, engine);
        return () -> {
            MDC.remove(MDC_KEY);
            MDC.remove(MDC_NAMESPACE);
            MDC.remove(MDC_INSTANCE);
            MDC.remove(MDC_ENGINE);
        };
    }

    @Override
    public String toString() {
        return "Reconciliation #" + id + "(" + trigger + ") " + ManagedKVS.KIND + "(" + resource + ")";
    }

    /** An open reconcile; closing it clears the MDC. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
