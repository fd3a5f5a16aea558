package io.managedkvs.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** Client authentication. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuthSpec(
        @JsonPropertyDescription("Require a password from clients. Defaults to true.")
        Boolean enabled,
        @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
        @JsonPropertyDescription("Name of an existing Secret in the same namespace whose 'password' key holds the password. Leave it out to have one generated (named <instance>-auth); a generated password is never rotated by the platform.")
        String secretName) {

    public static final AuthSpec DEFAULT = new AuthSpec(null, null);
    /** The key of the password in the credentials Secret. */
    public static final String PASSWORD_KEY = "password";

    /** The Secret holding the password of instance {@code instance}: the named one, or the generated {@code <instance>-auth}. */
    public String secretNameFor(String instance) {
        return secretName == null || secretName.isBlank() ? generatedSecretName(instance) : secretName;
    }

    /** Whether the platform generates (and owns) the Secret. */
    public boolean generatesSecret() {
        return secretName == null || secretName.isBlank();
    }

    public static String generatedSecretName(String instance) {
        return instance + "-auth";
    }

    public boolean enabledOrDefault() {
        return enabled == null || enabled;
    }
}
