package io.managedkvs.api.resource;

/** The phase of an instance, shown in kubectl get. */
public enum Phase {
    /** Accepted; no member is running yet. */
    Pending,
    /** Resources created, members starting. */
    Provisioning,
    /** Every member ready; the spec is in effect. */
    Ready,
    /** A spec change is being rolled out. */
    Updating,
    /** Serving, but with fewer healthy members or a degraded function. */
    Degraded,
    /** Not serving, or the spec cannot be applied. */
    Failed
}
