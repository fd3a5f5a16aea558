package io.managedkvs.api.engine;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.managedkvs.api.resource.ManagedKVS;
import java.util.List;

/**
 * The contract between the operator and one storage engine. The operator calls, in order, on
 * every reconcile of a ManagedKVS whose {@code spec.engine} equals {@link #name()}:
 *
 * <ol>
 *   <li>{@link #validate} — anything returned stops the reconcile before it changes anything;</li>
 *   <li>{@link #desiredResources} — a pure function of the resource, applied with server-side apply;
 *       owned resources not in the list are pruned;</li>
 *   <li>{@link #observe} — look at the running members (pods from the cluster view, plus whatever the
 *       engine learns over its own data-plane protocol);</li>
 *   <li>{@link #act} — take engine steps on the data plane (for example a controlled failover) and
 *       return the Kubernetes changes the operator must make (labels, restarts);</li>
 *   <li>{@link #status} — the engine's contribution to the status.</li>
 * </ol>
 *
 * An engine never talks to the Kubernetes API itself: everything it needs arrives in the
 * {@link ClusterView}, and everything it wants changed leaves as a {@link ClusterChange}.
 *
 * @param <O> what the engine learned in {@link #observe}; opaque to the operator
 */
public interface KvsEngine<O> {

    /** The value of {@code spec.engine} this engine serves, for example {@code redis-sentinel}. */
    String name();

    /**
     * Checks what the schema cannot: engine sections, directives, downgrades. Empty when valid.
     * The operator calls it only after the engine-independent checks of
     * {@code io.managedkvs.api.validation.CommonSpecValidator} have passed, so implementations may
     * rely on them and must not repeat them.
     */
    List<SpecViolation> validate(ManagedKVS resource);

    /**
     * The Kubernetes objects that should exist for this resource, without owner references (the
     * operator adds them). Must be a pure function of the resource (spec and status) and the
     * platform settings given to the engine at construction.
     */
    List<HasMetadata> desiredResources(ManagedKVS resource);

    /** Looks at the running members. May talk to them; must not change them. */
    O observe(ManagedKVS resource, ClusterView view);

    /**
     * Moves the running members towards the spec by one or more safe steps. Data-plane steps are
     * taken here; Kubernetes-side steps are returned for the operator to carry out.
     */
    List<ClusterChange> act(ManagedKVS resource, ClusterView view, O observation);

    /** The engine's part of the status, from what it observed. */
    EngineStatus status(ManagedKVS resource, ClusterView view, O observation);

    /** Called when the resource is gone, so the engine can drop connections and caches it keeps for it. */
    default void forget(ResourceRef resource) {
    }
}
