package io.managedkvs.redis.model;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.TlsSpec;
import io.managedkvs.redis.config.TlsConfig;
import java.util.List;
import java.util.Optional;

/**
 * spec.tls in a pod: the Secret mounted whole (no subPath, no items), so that the kubelet replaces its
 * files in place when the Secret changes and a member can reload them without a restart; the files'
 * paths in redis.conf and sentinel.conf; and the redis-cli options the probes and start scripts use.
 * Only the Secret's name is in the template: a rotation changes no template and restarts no pod.
 */
public final class PodTls {

    /** The certificate, key and CA of every member and Sentinel: tls.crt, tls.key, ca.crt. */
    public static final String MOUNT = "/etc/managedkvs-tls";
    /** redis-cli options for the scripts; empty without TLS. */
    static final String CLI_ENV = "REDIS_CLI_TLS";

    private final Optional<String> secretName;
    private final boolean authEnabled;

    private PodTls(Optional<String> secretName, boolean authEnabled) {
        this.secretName = secretName;
        this.authEnabled = authEnabled;
    }

    public static PodTls of(ManagedKVSSpec spec) {
        TlsSpec tls = spec.tls();
        return new PodTls(tls != null && tls.enabledOrDefault() ? Optional.ofNullable(tls.secretName()) : Optional.empty(),
                spec.effectiveAuth().enabledOrDefault());
    }

    public boolean enabled() {
        return secretName.isPresent();
    }

    /** The TLS directives of redis.conf and sentinel.conf; client certificates required only when there is no password. */
    public Optional<TlsConfig> config() {
        return secretName.map(s -> TlsConfig.inDirectory(MOUNT, !authEnabled));
    }

    List<Volume> volumes() {
        return secretName.map(s -> List.of(new VolumeBuilder().withName(ModelVolumes.TLS)
                .withNewSecret().withSecretName(s).withDefaultMode(0440).withOptional(false).endSecret().build())).orElse(List.of());
    }

    List<VolumeMount> mounts() {
        return secretName.map(s -> List.of(new VolumeMountBuilder().withName(ModelVolumes.TLS).withMountPath(MOUNT).withReadOnly(true)
                .build())).orElse(List.of());
    }

    /** REDIS_CLI_TLS for the scripts: with TLS, redis-cli presents the member's certificate and trusts the CA. */
    List<EnvVar> env() {
        return secretName.map(s -> List.of(new EnvVarBuilder().withName(CLI_ENV)
                .withValue("--tls --cacert " + MOUNT + "/ca.crt --cert " + MOUNT + "/tls.crt --key " + MOUNT + "/tls.key").build()))
                .orElse(List.of());
    }

    /**
     * The metrics exporter's settings: it dials its own pod over loopback, by a name no certificate
     * carries, so it checks the chain is not asked of it; it presents the member's certificate.
     */
    List<EnvVar> exporterEnv() {
        if (secretName.isEmpty()) {
            return List.of();
        }
        return List.of(env("REDIS_EXPORTER_TLS_CLIENT_CERT_FILE", MOUNT + "/tls.crt"),
                env("REDIS_EXPORTER_TLS_CLIENT_KEY_FILE", MOUNT + "/tls.key"),
                env("REDIS_EXPORTER_TLS_CA_CERT_FILE", MOUNT + "/ca.crt"),
                env("REDIS_EXPORTER_SKIP_TLS_VERIFICATION", "true"));
    }

    private static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }
}
