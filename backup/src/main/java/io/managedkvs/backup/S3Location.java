package io.managedkvs.backup;

import java.net.URI;

/**
 * An S3-compatible bucket and the key prefix under which backups are kept.
 *
 * @param endpoint        the object store's URL, for example {@code https://s3.eu-west-1.amazonaws.com}
 * @param bucket          the bucket
 * @param prefix          keys start with it; empty for the bucket's root
 * @param region          the bucket's region; {@code us-east-1} when empty (S3-compatible stores mostly ignore it)
 * @param accessKeyId     credentials
 * @param secretAccessKey credentials
 */
public record S3Location(URI endpoint, String bucket, String prefix, String region, String accessKeyId, String secretAccessKey) {

    public static final String DEFAULT_REGION = "us-east-1";

    public S3Location {
        if (endpoint == null || endpoint.getScheme() == null || endpoint.getHost() == null) {
            throw new IllegalArgumentException("the S3 endpoint must be a URL such as https://s3.amazonaws.com; got " + endpoint);
        }
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("the S3 bucket is required");
        }
        prefix = normalisePrefix(prefix);
        region = region == null || region.isBlank() ? DEFAULT_REGION : region;
    }

    /** A prefix without a leading slash and with one trailing slash, or empty. */
    static String normalisePrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix.strip().replaceAll("^/+", "").replaceAll("/+$", "");
        return p.isEmpty() ? "" : p + "/";
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix + " at " + endpoint;
    }
}
