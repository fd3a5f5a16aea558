package io.managedkvs.api.engine;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Names one ManagedKVS. */
public record ResourceRef(String namespace, String name) {

    public static ResourceRef of(HasMetadata resource) {
        return new ResourceRef(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
