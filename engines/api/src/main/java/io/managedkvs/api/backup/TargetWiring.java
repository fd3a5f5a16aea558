package io.managedkvs.api.backup;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.managedkvs.api.resource.BackupTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * How a pod that writes or reads backups reaches a {@link BackupTarget}: the claim mounted at
 * {@value #MOUNT_PATH}, or the bucket's coordinates as arguments and its credentials as environment
 * variables from the Secret (never as arguments, which anyone who can list pods can read). The
 * arguments are the backup tool's store options, the same as {@code kvsctl backup}'s.
 *
 * @param volumes the volumes the pod needs
 * @param mounts  where the tool's container mounts them
 * @param env     environment variables of the tool's container
 * @param args    the store options
 */
public record TargetWiring(List<Volume> volumes, List<VolumeMount> mounts, List<EnvVar> env, List<String> args) {

    public static final String MOUNT_PATH = "/backups";
    public static final String VOLUME = "backups";
    public static final String ACCESS_KEY_ENV = "AWS_ACCESS_KEY_ID";
    public static final String SECRET_KEY_ENV = "AWS_SECRET_ACCESS_KEY";
    /** The keys of the credentials Secret. */
    public static final String ACCESS_KEY = "accessKeyId";
    public static final String SECRET_KEY = "secretAccessKey";

    public TargetWiring {
        volumes = List.copyOf(volumes);
        mounts = List.copyOf(mounts);
        env = List.copyOf(env);
        args = List.copyOf(args);
    }

    /**
     * @param target    a valid target (exactly one of claim or bucket)
     * @param namespace the instance's namespace: the bucket's default prefix, so namespaces sharing a bucket never meet
     * @param readOnly  mount the claim read-only (restores)
     */
    public static TargetWiring of(BackupTarget target, String namespace, boolean readOnly) {
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        List<EnvVar> env = new ArrayList<>();
        List<String> args = new ArrayList<>();
        if (target.s3() == null) {
            volumes.add(new VolumeBuilder().withName(VOLUME).withNewPersistentVolumeClaim(target.persistentVolumeClaim(), readOnly).build());
            mounts.add(new VolumeMountBuilder().withName(VOLUME).withMountPath(MOUNT_PATH).withReadOnly(readOnly).build());
            args.addAll(List.of("--backup-dir", MOUNT_PATH));
        } else {
            BackupTarget.S3Target s3 = target.s3();
            args.addAll(List.of("--s3-endpoint", s3.endpoint(), "--s3-bucket", s3.bucket(), "--s3-prefix", prefix(s3, namespace)));
            if (s3.region() != null && !s3.region().isBlank()) {
                args.addAll(List.of("--s3-region", s3.region()));
            }
            env.add(secretEnv(ACCESS_KEY_ENV, s3.credentialsSecret(), ACCESS_KEY));
            env.add(secretEnv(SECRET_KEY_ENV, s3.credentialsSecret(), SECRET_KEY));
        }
        return new TargetWiring(volumes, mounts, env, args);
    }

    /** The key prefix in the bucket: the one given, or {@code <namespace>/}. */
    public static String prefix(BackupTarget.S3Target s3, String namespace) {
        return s3.prefix() == null || s3.prefix().isBlank() ? namespace + "/" : s3.prefix();
    }

    private static EnvVar secretEnv(String name, String secret, String key) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef(key, secret, false).endValueFrom().build();
    }
}
