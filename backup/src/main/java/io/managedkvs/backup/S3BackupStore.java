package io.managedkvs.backup;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Backups in an S3-compatible bucket, under {@code <prefix><backup>/<file>}. Path-style addressing,
 * so that MinIO and other S3-compatible stores work without DNS for each bucket. The SDK's own
 * per-request checksums are only used where the protocol requires them: several S3-compatible
 * stores do not understand its trailing checksums, and our SHA-256 covers the data end to end anyway.
 */
public final class S3BackupStore implements BackupStore {

    private final S3Location location;
    private final S3Client s3;

    public S3BackupStore(S3Location location) {
        this.location = location;
        this.s3 = S3Client.builder()
                .endpointOverride(location.endpoint())
                .region(Region.of(location.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(location.accessKeyId(), location.secretAccessKey())))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Override
    public String location(String backup) {
        return "s3://" + location.bucket() + "/" + location.prefix() + BackupNames.check("backup name", backup) + "/";
    }

    private String key(String backup, String file) {
        return location.prefix() + BackupNames.check("backup name", backup) + "/" + BackupNames.check("file name", file);
    }

    @Override
    public StoredFile put(String backup, String file, Path source) {
        String key = key(backup, file);
        String sha256 = Checksums.of(source);
        try {
            s3.putObject(b -> b.bucket(location.bucket()).key(key), RequestBody.fromFile(source));
            s3.putObject(b -> b.bucket(location.bucket()).key(key + CHECKSUM_SUFFIX),
                    RequestBody.fromString(Checksums.line(sha256, file), StandardCharsets.UTF_8));
            return new StoredFile(file, source.toFile().length(), sha256);
        } catch (RuntimeException e) {
            throw new BackupException("cannot upload " + file + " of backup " + backup + " to " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public StoredFile fetch(String backup, String file, Path target) {
        String expected;
        try {
            String sum = s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(key(backup, file) + CHECKSUM_SUFFIX)).asUtf8String();
            expected = Checksums.parse(sum, file, location(backup));
        } catch (NoSuchKeyException e) {
            if (!exists(key(backup, file))) {
                throw new BackupException.NotFound("backup " + backup + " has no " + file + " in " + location);
            }
            throw new BackupException.Incomplete("backup " + backup + " in " + location + " has no checksum for " + file
                    + ": it was not completely written; it is not restored");
        }
        ResponseInputStream<GetObjectResponse> data;
        try {
            data = s3.getObject(b -> b.bucket(location.bucket()).key(key(backup, file)));
        } catch (NoSuchKeyException e) {
            throw new BackupException.NotFound("backup " + backup + " has no " + file + " in " + location);
        }
        return FetchedFile.verifyInto(data, expected, target, backup, file);
    }

    private boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(location.bucket()).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    @Override
    public List<BackupEntry> list() {
        Map<String, List<S3Object>> byBackup = new LinkedHashMap<>();
        for (S3Object o : objects(location.prefix())) {
            String rest = o.key().substring(location.prefix().length());
            int slash = rest.indexOf('/');
            if (slash > 0) {
                byBackup.computeIfAbsent(rest.substring(0, slash), k -> new ArrayList<>()).add(o);
            }
        }
        List<BackupEntry> out = new ArrayList<>();
        byBackup.forEach((name, objects) -> entry(name, objects).ifPresent(out::add));
        out.sort(Comparator.comparing(BackupEntry::time).thenComparing(BackupEntry::name));
        return out;
    }

    private Optional<BackupEntry> entry(String backup, List<S3Object> objects) {
        Map<String, S3Object> byFile = new LinkedHashMap<>();
        objects.forEach(o -> byFile.put(o.key().substring(o.key().lastIndexOf('/') + 1), o));
        List<StoredFile> files = new ArrayList<>();
        boolean complete = true;
        Instant newest = Instant.EPOCH;
        for (Map.Entry<String, S3Object> e : byFile.entrySet()) {
            if (e.getKey().endsWith(CHECKSUM_SUFFIX)) {
                continue;
            }
            S3Object sum = byFile.get(e.getKey() + CHECKSUM_SUFFIX);
            String sha = "";
            if (sum == null) {
                complete = false;
            } else {
                sha = Checksums.parse(s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(sum.key())).asUtf8String(),
                        e.getKey(), location(backup));
            }
            files.add(new StoredFile(e.getKey(), e.getValue().size(), sha));
            newest = e.getValue().lastModified().isAfter(newest) ? e.getValue().lastModified() : newest;
        }
        return files.isEmpty() ? Optional.empty() : Optional.of(new BackupEntry(backup, newest, files, complete));
    }

    private List<S3Object> objects(String prefix) {
        List<S3Object> out = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(prefix)).contents().forEach(out::add);
        return out;
    }

    @Override
    public void delete(String backup) {
        // Checksums first: a backup half deleted is then incomplete, never restorable with missing parts.
        List<S3Object> objects = objects(location.prefix() + BackupNames.check("backup name", backup) + "/");
        objects.stream().filter(o -> o.key().endsWith(CHECKSUM_SUFFIX))
                .forEach(o -> s3.deleteObject(b -> b.bucket(location.bucket()).key(o.key())));
        objects.stream().filter(o -> !o.key().endsWith(CHECKSUM_SUFFIX))
                .forEach(o -> s3.deleteObject(b -> b.bucket(location.bucket()).key(o.key())));
    }

    @Override
    public void close() {
        s3.close();
    }
}
