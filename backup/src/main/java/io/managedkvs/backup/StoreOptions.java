package io.managedkvs.backup;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options that name a backup store, shared by {@code kvsctl backup} and the backup tool the
 * operator runs in Jobs (which renders exactly these options). Credentials of a bucket come from the
 * environment ({@value #ACCESS_KEY_ENV}, {@value #SECRET_KEY_ENV}), never from the command line.
 */
public final class StoreOptions {

    public static final String ACCESS_KEY_ENV = "AWS_ACCESS_KEY_ID";
    public static final String SECRET_KEY_ENV = "AWS_SECRET_ACCESS_KEY";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--backup-dir", paramLabel = "DIR", description = "Keep backups in this directory (one sub-directory per backup).")
    Path directory;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "Keep backups in an S3-compatible bucket at this endpoint, for example http://127.0.0.1:9000.")
    String endpoint;

    @Option(names = "--s3-bucket", paramLabel = "BUCKET", description = "The bucket (with --s3-endpoint).")
    String bucket;

    @Option(names = "--s3-prefix", paramLabel = "PREFIX", defaultValue = "", description = "Key prefix in the bucket (default: none).")
    String prefix;

    @Option(names = "--s3-region", paramLabel = "REGION", description = "The bucket's region (default: " + S3Location.DEFAULT_REGION + ").")
    String region;

    /**
     * The store the options name.
     *
     * @param environment looks up the credentials of a bucket
     * @throws ParameterException naming the option when they do not name exactly one store
     */
    public BackupStore open(Function<String, String> environment) {
        if ((directory == null) == (endpoint == null)) {
            throw usage("give exactly one of --backup-dir or --s3-endpoint");
        }
        if (directory != null) {
            if (bucket != null || region != null) {
                throw usage("--s3-bucket and --s3-region need --s3-endpoint, not --backup-dir");
            }
            return new DirectoryBackupStore(directory);
        }
        if (bucket == null || bucket.isBlank()) {
            throw usage("--s3-bucket is required with --s3-endpoint");
        }
        String accessKey = environment.apply(ACCESS_KEY_ENV);
        String secretKey = environment.apply(SECRET_KEY_ENV);
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw usage("--s3-endpoint needs the bucket's credentials in the environment variables " + ACCESS_KEY_ENV + " and " + SECRET_KEY_ENV);
        }
        S3Location location;
        try {
            location = new S3Location(URI.create(endpoint), bucket, prefix, region, accessKey, secretKey);
        } catch (IllegalArgumentException e) {
            throw usage("--s3-endpoint " + e.getMessage());
        }
        return new S3BackupStore(location);
    }

    private ParameterException usage(String message) {
        return new ParameterException(mixee.commandLine(), message);
    }
}
