package io.managedkvs.api.validation;

import io.fabric8.kubernetes.api.model.Quantity;
import io.managedkvs.api.backup.BackupSchedule;
import io.managedkvs.api.backup.TargetWiring;
import io.managedkvs.api.engine.SpecViolation;
import io.managedkvs.api.resource.BackupTarget;
import io.managedkvs.api.resource.ComputeResources;
import io.managedkvs.api.resource.ExposeSpec;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.ManagedKVSStatus;
import io.managedkvs.api.resource.StorageSpec;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The checks every engine shares. Most of them the CRD's schema also makes, but the operator cannot
 * rely on the schema: the CRD may be older than the operator, or a resource may predate a rule.
 * Each violation names the field as the user wrote it.
 */
public final class CommonSpecValidator {

    /** Room for the longest suffix an engine appends ({@code -sentinel-headless}) and a pod ordinal. */
    public static final int MAX_NAME_LENGTH = 40;
    public static final String ENGINE_REDIS_SENTINEL = "redis-sentinel";
    public static final String ENGINE_RAFT_KV = "raft-kv";

    private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern VERSION = Pattern.compile("[0-9]+\\.[0-9]+(\\.[0-9]+)?");
    private static final Pattern QUANTITY = Pattern.compile(StorageSpec.QUANTITY_PATTERN);
    private static final Pattern BACKUP_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    public List<SpecViolation> validate(ManagedKVS resource) {
        List<SpecViolation> out = new ArrayList<>();
        checkName(resource.getMetadata().getName(), out);
        ManagedKVSSpec spec = resource.getSpec();
        if (spec == null) {
            out.add(new SpecViolation("spec", "is required"));
            return out;
        }
        checkEngine(resource, spec, out);
        checkVersion(spec.version(), out);
        checkReplicas(spec.replicas(), out);
        checkResources("spec.resources", spec.resources(), out);
        checkStorage("spec.storage", spec.storage(), out);
        checkExpose(spec.expose(), out);
        checkSecretName("spec.auth.secretName", spec.auth() == null ? null : spec.auth().secretName(), out);
        if (spec.tls() != null && spec.tls().enabledOrDefault() && isBlank(spec.tls().secretName())) {
            out.add(new SpecViolation("spec.tls.secretName", "is required when spec.tls.enabled is true"));
        }
        checkTlsUnchanged(resource, spec, out);
        if (spec.backup() != null) {
            BackupSchedule.problem(spec.backup().schedule())
                    .ifPresent(problem -> out.add(new SpecViolation("spec.backup.schedule", problem)));
            if (spec.backup().retain() != null && (spec.backup().retain() < 1 || spec.backup().retain() > 1000)) {
                out.add(new SpecViolation("spec.backup.retain", "must be between 1 and 1000; got " + spec.backup().retain()));
            }
            checkTarget("spec.backup.target", spec.backup().target(), out);
        }
        if (spec.restore() != null) {
            checkRestore(resource, spec, out);
        }
        if (spec.monitoring() != null) {
            checkResources("spec.monitoring.exporterResources", spec.monitoring().exporterResources(), out);
        }
        return out;
    }

    private static void checkRestore(ManagedKVS resource, ManagedKVSSpec spec, List<SpecViolation> out) {
        if (isBlank(spec.restore().backupName())) {
            out.add(new SpecViolation("spec.restore.backupName", "is required"));
        } else if (!BACKUP_NAME.matcher(spec.restore().backupName()).matches()) {
            out.add(new SpecViolation("spec.restore.backupName", "must be the name of a ManagedKVSBackup; got '"
                    + spec.restore().backupName() + "'"));
        }
        checkTarget("spec.restore.source", spec.restore().source(), out);
        ManagedKVSStatus status = resource.getStatus();
        // Status.engine is set when a spec is first accepted: from then on the instance holds data of its own.
        if (status != null && status.engine() != null && !Objects.equals(status.restoredFrom(), spec.restore().backupName())) {
            out.add(new SpecViolation("spec.restore", "this instance is already running"
                    + (status.restoredFrom() == null ? "" : " (restored from " + status.restoredFrom() + ")")
                    + "; restoring into it would replace its data. A backup is restored only into a new instance:"
                    + " create a new ManagedKVS with spec.restore, and remove spec.restore from this one"));
        }
    }

    /**
     * The CRD's transition rule, again, for API servers that do not evaluate it: TLS stays as the
     * instance was created (status.tls, recorded when the spec was first accepted).
     */
    private static void checkTlsUnchanged(ManagedKVS resource, ManagedKVSSpec spec, List<SpecViolation> out) {
        ManagedKVSStatus status = resource.getStatus();
        if (status == null || status.engine() == null || status.tls() == null) {
            return;
        }
        boolean wanted = spec.tls() != null && spec.tls().enabledOrDefault();
        if (wanted != status.tls()) {
            out.add(new SpecViolation("spec.tls.enabled", "this instance was created " + (status.tls() ? "with" : "without")
                    + " TLS; " + ManagedKVSSpec.TLS_FIXED_MESSAGE));
        }
    }

    private static void checkName(String name, List<SpecViolation> out) {
        if (name == null || !NAME.matcher(name).matches()) {
            out.add(new SpecViolation("metadata.name", "must start with a lower-case letter and contain only lower-case letters, digits and '-'"));
        } else if (name.length() > MAX_NAME_LENGTH) {
            out.add(new SpecViolation("metadata.name", "must be at most " + MAX_NAME_LENGTH
                    + " characters, so that the names of its pods and Services stay valid; got " + name.length()));
        }
    }

    private static void checkEngine(ManagedKVS resource, ManagedKVSSpec spec, List<SpecViolation> out) {
        if (isBlank(spec.engine())) {
            out.add(new SpecViolation("spec.engine", "is required (" + ENGINE_REDIS_SENTINEL + " or " + ENGINE_RAFT_KV + ")"));
            return;
        }
        String created = resource.getStatus() == null ? null : resource.getStatus().engine();
        if (created != null && !created.equals(spec.engine())) {
            out.add(new SpecViolation("spec.engine", "is immutable: this instance was created with '" + created
                    + "'; create a new ManagedKVS to change engines"));
        }
        if (spec.redis() != null && !ENGINE_REDIS_SENTINEL.equals(spec.engine())) {
            out.add(new SpecViolation("spec.redis", "is only allowed with spec.engine " + ENGINE_REDIS_SENTINEL
                    + "; this instance uses " + spec.engine()));
        }
        if (spec.raftKv() != null && !ENGINE_RAFT_KV.equals(spec.engine())) {
            out.add(new SpecViolation("spec.raftKv", "is only allowed with spec.engine " + ENGINE_RAFT_KV
                    + "; this instance uses " + spec.engine()));
        }
    }

    private static void checkVersion(String version, List<SpecViolation> out) {
        if (isBlank(version)) {
            out.add(new SpecViolation("spec.version", "is required, for example \"7.2\""));
        } else if (!VERSION.matcher(version).matches()) {
            out.add(new SpecViolation("spec.version", "must look like MAJOR.MINOR or MAJOR.MINOR.PATCH; got '" + version + "'"));
        }
    }

    private static void checkReplicas(Integer replicas, List<SpecViolation> out) {
        if (replicas != null && (replicas < 1 || replicas > 99)) {
            out.add(new SpecViolation("spec.replicas", "must be between 1 and 99; got " + replicas));
        }
    }

    /** Checks quantities are valid and non-negative, and each request is within its limit. */
    public static void checkResources(String field, ComputeResources resources, List<SpecViolation> out) {
        if (resources == null) {
            return;
        }
        checkQuantities(field + ".requests", resources.requests(), out);
        checkQuantities(field + ".limits", resources.limits(), out);
        for (Map.Entry<String, Quantity> request : resources.requests().entrySet()) {
            Quantity limit = resources.limits().get(request.getKey());
            BigDecimal r = amount(request.getValue());
            BigDecimal l = amount(limit);
            if (r != null && l != null && r.compareTo(l) > 0) {
                out.add(new SpecViolation(field + ".requests." + request.getKey(),
                        "must not exceed " + field + ".limits." + request.getKey() + " (" + limit + ")"));
            }
        }
    }

    private static void checkQuantities(String field, Map<String, Quantity> quantities, List<SpecViolation> out) {
        for (Map.Entry<String, Quantity> q : quantities.entrySet()) {
            if (!ComputeResources.RESOURCE_NAMES.contains(q.getKey())) {
                out.add(new SpecViolation(field + "." + q.getKey(), "unknown resource; use cpu, memory or ephemeral-storage"));
                continue;
            }
            BigDecimal value = amount(q.getValue());
            if (value == null) {
                out.add(new SpecViolation(field + "." + q.getKey(), "is not a valid quantity: '" + q.getValue() + "'"));
            } else if (value.signum() < 0) {
                out.add(new SpecViolation(field + "." + q.getKey(), "must not be negative"));
            }
        }
    }

    /** Checks the size is a positive quantity and the StorageClass name is well-formed. */
    public static void checkStorage(String field, StorageSpec storage, List<SpecViolation> out) {
        if (storage == null) {
            return;
        }
        BigDecimal size = amount(storage.sizeQuantity());
        if (storage.size() == null) {
            out.add(new SpecViolation(field + ".size", "is required, for example 10Gi"));
        } else if (size == null) {
            out.add(new SpecViolation(field + ".size", "is not a valid quantity: '" + storage.size() + "'"));
        } else if (size.signum() <= 0) {
            out.add(new SpecViolation(field + ".size", "must be positive"));
        }
        checkSecretName(field + ".storageClassName", storage.storageClassName(), out);
    }

    private static void checkExpose(ExposeSpec expose, List<SpecViolation> out) {
        if (expose == null) {
            return;
        }
        if (expose.nodePort() != null) {
            if (expose.effectiveType() != ExposeSpec.ExposeType.NodePort) {
                out.add(new SpecViolation("spec.expose.nodePort", "is only allowed with spec.expose.type NodePort"));
            } else if (expose.nodePort() < 30000 || expose.nodePort() > 32767) {
                out.add(new SpecViolation("spec.expose.nodePort", "must be between 30000 and 32767; got " + expose.nodePort()));
            }
        }
        if (!expose.loadBalancerSourceRanges().isEmpty() && expose.effectiveType() != ExposeSpec.ExposeType.LoadBalancer) {
            out.add(new SpecViolation("spec.expose.loadBalancerSourceRanges", "is only allowed with spec.expose.type LoadBalancer"));
        }
    }

    /** Checks a backup target: exactly one of claim or bucket, and what the bucket needs. */
    public static void checkTarget(String field, BackupTarget target, List<SpecViolation> out) {
        if (target == null) {
            out.add(new SpecViolation(field, "is required"));
            return;
        }
        boolean pvc = !isBlank(target.persistentVolumeClaim());
        boolean s3 = target.s3() != null;
        if (pvc == s3) {
            out.add(new SpecViolation(field, "must name exactly one of persistentVolumeClaim or s3"));
        }
        if (s3) {
            if (isBlank(target.s3().bucket())) {
                out.add(new SpecViolation(field + ".s3.bucket", "is required"));
            }
            checkEndpoint(field + ".s3.endpoint", target.s3().endpoint(), out);
            if (isBlank(target.s3().credentialsSecret())) {
                out.add(new SpecViolation(field + ".s3.credentialsSecret", "is required: the name of a Secret with keys "
                        + TargetWiring.ACCESS_KEY + " and " + TargetWiring.SECRET_KEY));
            }
            checkSecretName(field + ".s3.credentialsSecret", target.s3().credentialsSecret(), out);
        }
        checkSecretName(field + ".persistentVolumeClaim", target.persistentVolumeClaim(), out);
    }

    private static void checkEndpoint(String field, String endpoint, List<SpecViolation> out) {
        if (isBlank(endpoint)) {
            out.add(new SpecViolation(field, "is required, for example https://s3.eu-west-1.amazonaws.com"));
            return;
        }
        try {
            URI uri = new URI(endpoint);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                out.add(new SpecViolation(field, "must be an http:// or https:// URL; got '" + endpoint + "'"));
            }
        } catch (URISyntaxException e) {
            out.add(new SpecViolation(field, "is not a URL: '" + endpoint + "'"));
        }
    }

    private static void checkSecretName(String field, String name, List<SpecViolation> out) {
        if (name != null && (!DNS_SUBDOMAIN.matcher(name).matches() || name.length() > 253)) {
            out.add(new SpecViolation(field, "must be a valid Kubernetes object name; got '" + name + "'"));
        }
    }

    private static BigDecimal amount(Quantity quantity) {
        if (quantity == null) {
            return null;
        }
        if (!QUANTITY.matcher(quantity.toString()).matches()) {
            return null;
        }
        try {
            return Quantity.getAmountInBytes(quantity);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
