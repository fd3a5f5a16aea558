package io.managedkvs.operator.resources;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Identifies one object of an instance: its kind and name (the namespace is the instance's). */
public record ResourceKey(String apiVersion, String kind, String name) {

    public static ResourceKey of(HasMetadata object) {
        return new ResourceKey(object.getApiVersion(), object.getKind(), object.getMetadata().getName());
    }

    @Override
    public String toString() {
        return kind + "/" + name;
    }
}
