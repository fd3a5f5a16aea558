package io.managedkvs.scheduler.policy;

import java.util.Objects;

/**
 * One replicated component of one instance: the pods that must be kept apart from each other.
 * Instances are namespaced, so the namespace is part of the key.
 */
public record GroupKey(String namespace, String instance, String component) {

    public GroupKey {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(component, "component");
    }

    @Override
    public String toString() {
        return namespace + "/" + instance + "/" + component;
    }
}
