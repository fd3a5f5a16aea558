package io.managedkvs.redis.config;

import java.util.List;
import java.util.Objects;

/**
 * Where a member's (or Sentinel's) certificate, key and CA are, and whether clients must present a
 * certificate. With TLS on, the client port serves TLS only ({@code port 0}), replication and
 * Sentinel's links to members and to other Sentinels are TLS ({@code tls-replication yes}), and every
 * member presents its certificate when it dials another.
 *
 * <p>Client certificates are required only when the instance has no password: then the certificate
 * is the only credential, and a client without one must be refused. With a password, clients
 * authenticate with it and a certificate is optional ({@code tls-auth-clients optional}: one that is
 * presented must still be issued by the CA), so applications need the CA to trust the server, not a
 * certificate of their own from what is often a private issuer. See docs/decisions/0015-redis-tls.md.
 *
 * @param certFile                   tls.crt
 * @param keyFile                    tls.key
 * @param caFile                     ca.crt
 * @param requireClientCertificates  {@code tls-auth-clients yes} rather than {@code optional}
 */
public record TlsConfig(String certFile, String keyFile, String caFile, boolean requireClientCertificates) {

    /** The directives that name the files: set again at run time (CONFIG SET), they make Redis read the files anew. */
    public static final List<String> FILE_DIRECTIVES = List.of("tls-cert-file", "tls-key-file", "tls-ca-cert-file");

    public TlsConfig {
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(caFile, "caFile");
    }

    /** The files as a mounted Secret lays them out in {@code dir}: tls.crt, tls.key, ca.crt. */
    public static TlsConfig inDirectory(String dir, boolean requireClientCertificates) {
        String d = dir.endsWith("/") ? dir : dir + "/";
        return new TlsConfig(d + "tls.crt", d + "tls.key", d + "ca.crt", requireClientCertificates);
    }

    private String file(String directive) {
        return switch (directive) {
            case "tls-cert-file" -> certFile;
            case "tls-key-file" -> keyFile;
            case "tls-ca-cert-file" -> caFile;
            default -> throw new IllegalArgumentException("not a TLS file directive: " + directive);
        };
    }

    /** Lines for redis.conf or sentinel.conf after {@code port 0} and {@code tls-port}: the same for both. */
    String directives() {
        StringBuilder out = new StringBuilder(256);
        for (String d : FILE_DIRECTIVES) {
            out.append(d).append(' ').append(ConfigQuoting.quote(file(d))).append('\n');
        }
        out.append("tls-replication yes\n");
        out.append("tls-auth-clients ").append(requireClientCertificates ? "yes" : "optional").append('\n');
        return out.toString();
    }
}
