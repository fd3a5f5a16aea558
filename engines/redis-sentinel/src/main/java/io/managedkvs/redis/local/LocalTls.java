package io.managedkvs.redis.local;

import io.managedkvs.redis.config.TlsConfig;
import io.managedkvs.tls.SslContexts;
import io.managedkvs.tls.TlsFiles;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * Where a local cluster's certificates are: one directory per member under {@code root}, named after
 * the member, and one for clients ({@value #CLIENT}), each holding tls.crt, tls.key and ca.crt as a
 * mounted Secret does (the layout of the playground's {@code tls/} directory).
 *
 * @param root                       the directory holding the members' directories
 * @param requireClientCertificates  refuse clients without a certificate (see {@link TlsConfig})
 */
public record LocalTls(Path root, boolean requireClientCertificates) {

    public static final String CLIENT = "client";

    public TlsFiles member(String member) {
        return TlsFiles.in(root.resolve(member));
    }

    public TlsFiles client() {
        return TlsFiles.in(root.resolve(CLIENT));
    }

    /** The redis.conf or sentinel.conf TLS settings of {@code member}. */
    TlsConfig config(String member) {
        TlsFiles f = member(member);
        return new TlsConfig(f.certificate().toString(), f.privateKey().toString(), f.authority().toString(), requireClientCertificates);
    }

    /** The client certificate's context, read now: build again after the client's files change. */
    SSLContext clientContext() {
        return SslContexts.of(client());
    }
}
