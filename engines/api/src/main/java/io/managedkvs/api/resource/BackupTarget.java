package io.managedkvs.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** A place backups are written to and read from: a PersistentVolumeClaim or an S3-compatible bucket. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupTarget(
        @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
        @JsonPropertyDescription("Name of a PersistentVolumeClaim in the same namespace that holds backups, one directory per backup.")
        String persistentVolumeClaim,
        @JsonPropertyDescription("An S3-compatible bucket that holds backups.")
        S3Target s3) {

    /** An S3-compatible object store location. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record S3Target(
            @JsonPropertyDescription("Endpoint URL of the object store, for example https://s3.eu-west-1.amazonaws.com or http://minio.storage:9000.")
            String endpoint,
            @JsonPropertyDescription("Bucket name.")
            String bucket,
            @JsonPropertyDescription("Key prefix under which backups are stored. Defaults to <namespace>/, so that namespaces sharing a bucket never see each other's backups.")
            String prefix,
            @JsonPropertyDescription("Region of the bucket.")
            String region,
            @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
            @JsonPropertyDescription("Name of a Secret in the same namespace with keys accessKeyId and secretAccessKey.")
            String credentialsSecret) {
    }
}
