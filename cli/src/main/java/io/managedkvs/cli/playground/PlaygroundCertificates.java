package io.managedkvs.cli.playground;

import io.managedkvs.tls.CertificateAuthority;
import io.managedkvs.tls.TlsFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The certificates of a playground started with {@code --tls}, for every engine: a CA made for this
 * run, one certificate per member and one for clients (kvsctl, redis-cli), each in its own directory
 * under {@code tls/} of the playground's directory, laid out as a cert-manager Secret is mounted
 * (tls.crt, tls.key, ca.crt). The CA's key is not kept: a new run makes a new CA.
 */
public final class PlaygroundCertificates {

    public static final String DIR = "tls";
    public static final String CLIENT = "client";
    /** Long enough for any playground session; short enough that a leaked key soon means nothing. */
    static final Duration VALIDITY = Duration.ofDays(30);
    /** What members and clients are dialled by on this machine. */
    static final List<String> HOSTS = List.of("127.0.0.1", "localhost");

    private final Path root;

    private PlaygroundCertificates(Path root) {
        this.root = root;
    }

    /** Makes a CA and certificates for {@code members} and for clients in {@code playgroundDir}/tls. */
    public static PlaygroundCertificates generate(Path playgroundDir, List<String> members, Instant now) {
        Path root = playgroundDir.resolve(DIR);
        CertificateAuthority ca = CertificateAuthority.create("Managed KVS playground CA", now, VALIDITY);
        try {
            Files.createDirectories(root);
            Files.writeString(root.resolve(TlsFiles.CA), ca.certificatePem());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the playground's CA to " + root, e);
        }
        for (String member : members) {
            ca.issueInto(root.resolve(member), member, HOSTS, now, VALIDITY);
        }
        ca.issueInto(root.resolve(CLIENT), CLIENT, HOSTS, now, VALIDITY);
        return new PlaygroundCertificates(root);
    }

    /** The directory of {@code member}'s files, as its {@code --tls-dir} (or tls-cert-file and friends). */
    public Path memberDir(String member) {
        return root.resolve(member);
    }

    public TlsFiles member(String member) {
        return TlsFiles.in(memberDir(member));
    }

    /** The clients' certificate: what kvsctl --tls-dir and redis-cli --tls use. */
    public Path clientDir() {
        return root.resolve(CLIENT);
    }

    public TlsFiles client() {
        return TlsFiles.in(clientDir());
    }

    /** redis-cli's options for a TLS connection with the client certificate. */
    public String redisCliOptions() {
        TlsFiles c = client();
        return "--tls --cacert " + c.authority() + " --cert " + c.certificate() + " --key " + c.privateKey();
    }
}
