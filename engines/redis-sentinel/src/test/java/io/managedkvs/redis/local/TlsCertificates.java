package io.managedkvs.redis.local;

import io.managedkvs.tls.CertificateAuthority;
import io.managedkvs.tls.Pem;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Certificates for a local cluster of three members and three Sentinels, in the {@link LocalTls} layout. */
final class TlsCertificates {

    static final List<String> HOSTS = List.of("127.0.0.1", "localhost");

    private TlsCertificates() {
    }

    /** Issues (or issues again, over the old files) every member's and the client's certificate from {@code ca}. */
    static void issue(CertificateAuthority ca, LocalTls tls, String instance) {
        for (String name : names(instance)) {
            ca.issueInto(tls.root().resolve(name), name, HOSTS, Instant.now(), Duration.ofDays(1));
        }
    }

    static List<String> names(String instance) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            names.add(instance + "-redis-" + i);
            names.add(instance + "-sentinel-" + i);
        }
        names.add(LocalTls.CLIENT);
        return names;
    }

    static X509Certificate leaf(Path certificateFile) {
        return Pem.certificates(certificateFile).get(0);
    }
}
