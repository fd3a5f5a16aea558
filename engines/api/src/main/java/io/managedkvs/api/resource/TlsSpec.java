package io.managedkvs.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** TLS for client connections. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TlsSpec(
        @JsonPropertyDescription("Serve clients over TLS. Defaults to false.")
        Boolean enabled,
        @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
        @JsonPropertyDescription("Name of a kubernetes.io/tls Secret (tls.crt, tls.key and optionally ca.crt) with the server certificate.")
        String secretName) {

    public boolean enabledOrDefault() {
        return enabled != null && enabled;
    }
}
