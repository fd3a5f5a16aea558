package io.managedkvs.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Quantity;

/** A persistent volume per member. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StorageSpec(
        @Required
        @JsonPropertyDescription("Size of each member's volume, for example 10Gi.")
        Quantity size,
        @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
        @JsonPropertyDescription("StorageClass of the volumes. Leave it out to use the cluster's default StorageClass.")
        String storageClassName) {
}
