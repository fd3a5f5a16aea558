package io.managedkvs.backup.testing;

import com.robothy.s3.rest.LocalS3;
import io.managedkvs.backup.S3Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An in-process S3-compatible server (Robothy's LocalS3, in memory) on a free loopback port, for
 * tests. It accepts any credentials; what it proves is that our S3 requests work against a server
 * that speaks the S3 REST protocol, not that a particular vendor accepts them.
 */
public final class LocalS3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret";

    private final LocalS3 server;
    private final int port;

    private LocalS3Server(LocalS3 server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts a server with one bucket. Retries a few times: another test may take the probed port first. */
    public static LocalS3Server start(String bucket) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            LocalS3 s3 = LocalS3.builder().port(port).nettyParentEventGroupThreadNum(1).nettyChildEventGroupThreadNum(2)
                    .s3ExecutorThreadNum(2).build();
            try {
                s3.start();
                LocalS3Server started = new LocalS3Server(s3, port);
                started.createBucket(bucket);
                return started;
            } catch (RuntimeException e) {
                last = e;
                try {
                    s3.shutdown();
                } catch (RuntimeException ignored) {
                    // It did not start.
                }
            }
        }
        throw new IllegalStateException("LocalS3 did not start", last);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public S3Location location(String bucket, String prefix) {
        return new S3Location(endpoint(), bucket, prefix, null, ACCESS_KEY, SECRET_KEY);
    }

    public void createBucket(String bucket) {
        try (S3Client client = S3Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            client.createBucket(b -> b.bucket(bucket));
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
