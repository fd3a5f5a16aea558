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
        @Pattern(QUANTITY_PATTERN)
        @JsonPropertyDescription("Size of each member's volume, for example 10Gi.")
        String size,
        @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
        @JsonPropertyDescription("StorageClass of the volumes. Leave it out to use the cluster's default StorageClass.")
        String storageClassName) {

    /** The size as a Kubernetes quantity. */
    public Quantity sizeQuantity() {
        return size == null ? null : new Quantity(size);
    }

    /** The syntax of a Kubernetes quantity, as the API server's own types declare it. */
    public static final String QUANTITY_PATTERN = "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";
}
