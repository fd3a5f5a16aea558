package io.managedkvs.operator.credentials;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.managedkvs.api.engine.Credentials;
import io.managedkvs.api.engine.SpecViolation;
import io.managedkvs.api.resource.AuthSpec;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.operator.resources.ClusterCache;
import io.managedkvs.operator.resources.DesiredResources;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the client password of an instance. With a generated Secret ({@code <name>-auth}) it creates
 * the Secret when missing and never changes it afterwards; with a named Secret it reads it. The
 * password is never logged and never leaves this class except inside {@link Credentials}.
 */
public final class CredentialsResolver {

    /** The component label of the generated Secret. */
    public static final String COMPONENT = "auth";

    private final Context<ManagedKVS> context;
    private final ClusterCache cache;
    private final PasswordGenerator passwords;

    public CredentialsResolver(Context<ManagedKVS> context, ClusterCache cache, PasswordGenerator passwords) {
        this.context = context;
        this.cache = cache;
        this.passwords = passwords;
    }

    public CredentialsOutcome resolve(ManagedKVS resource) {
        AuthSpec auth = resource.getSpec().effectiveAuth();
        if (!auth.enabledOrDefault()) {
            return new CredentialsOutcome.Available(Optional.empty());
        }
        return auth.generatesSecret() ? generated(resource) : named(resource, auth.secretName());
    }

    private CredentialsOutcome generated(ManagedKVS resource) {
        String namespace = resource.getMetadata().getNamespace();
        String name = AuthSpec.generatedSecretName(resource.getMetadata().getName());
        Optional<Secret> secret = cache.get(Secret.class, namespace, name);
        if (secret.isEmpty()) {
            secret = Optional.of(createOrRead(resource, name));
        }
        return password(secret.get())
                .<CredentialsOutcome>map(p -> new CredentialsOutcome.Available(Optional.of(new Credentials(name, p))))
                .orElseGet(() -> new CredentialsOutcome.Unavailable(new SpecViolation("spec.auth",
                        "the generated Secret '" + name + "' has no key '" + AuthSpec.PASSWORD_KEY
                                + "'; delete the Secret to have a new password generated")));
    }

    private Secret createOrRead(ManagedKVS resource, String name) {
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(resource.getMetadata().getNamespace())
                .withLabels(Labels.of(resource.getSpec().engine(), resource.getMetadata().getName(), COMPONENT))
                .withOwnerReferences(DesiredResources.ownerReference(resource))
                .endMetadata()
                .withType("Opaque")
                .withData(Map.of(AuthSpec.PASSWORD_KEY, base64(passwords.next())))
                .build();
        try {
            return context.resourceOperations().create(secret, cache.informer(Secret.class));
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            // Created by an earlier reconcile whose watch event has not arrived yet, or by someone
            // else under our name: use what is there rather than replace a password in use.
            Secret existing = context.getClient().secrets().inNamespace(resource.getMetadata().getNamespace()).withName(name).get();
            if (existing == null) {
                throw e;
            }
            return existing;
        }
    }

    private CredentialsOutcome named(ManagedKVS resource, String name) {
        String namespace = resource.getMetadata().getNamespace();
        // Named Secrets carry no platform labels, so they are not in the informer cache.
        Secret secret = context.getClient().secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            return new CredentialsOutcome.Unavailable(new SpecViolation("spec.auth.secretName",
                    "Secret '" + name + "' not found in namespace " + namespace));
        }
        return password(secret)
                .<CredentialsOutcome>map(p -> new CredentialsOutcome.Available(Optional.of(new Credentials(name, p))))
                .orElseGet(() -> new CredentialsOutcome.Unavailable(new SpecViolation("spec.auth.secretName",
                        "Secret '" + name + "' has no key '" + AuthSpec.PASSWORD_KEY + "'")));
    }

    private static Optional<String> password(Secret secret) {
        if (secret.getStringData() != null && notBlank(secret.getStringData().get(AuthSpec.PASSWORD_KEY))) {
            return Optional.of(secret.getStringData().get(AuthSpec.PASSWORD_KEY));
        }
        if (secret.getData() != null && notBlank(secret.getData().get(AuthSpec.PASSWORD_KEY))) {
            try {
                String decoded = new String(Base64.getDecoder().decode(secret.getData().get(AuthSpec.PASSWORD_KEY)), StandardCharsets.UTF_8);
                return decoded.isEmpty() ? Optional.empty() : Optional.of(decoded);
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
