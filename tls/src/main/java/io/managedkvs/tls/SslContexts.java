package io.managedkvs.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * JDK SSL contexts from {@link TlsFiles}, for clients that take an {@link SSLContext} or a socket
 * factory (Jedis, the backup tool). Every side presents its own certificate and trusts only ca.crt:
 * members authenticate each other, and a client without a certificate the CA signed is refused.
 */
public final class SslContexts {

    private static final char[] NO_PASSWORD = new char[0];

    private SslContexts() {
    }

    /** Presents {@code files}' certificate and trusts only its CA. Files are read now: build again after a rotation. */
    public static SSLContext of(TlsFiles files) {
        try {
            return of(Files.readString(files.certificate()), Files.readString(files.privateKey()), Files.readString(files.authority()));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot build a TLS context from " + files.certificate().getParent() + ": " + e.getMessage(), e);
        }
    }

    /** The same from PEM text, as the operator reads it from a Secret rather than from mounted files. */
    public static SSLContext of(String certificatePem, String keyPem, String authorityPem) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            List<X509Certificate> chain = Pem.certificates(certificatePem);
            keys.setKeyEntry("member", Pem.privateKey(keyPem), NO_PASSWORD, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, NO_PASSWORD);

            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), trust(authorityPem).getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * Trusts the CAs in {@code authorityPem} (one or several, as a bundle while a CA is replaced) and
     * presents no certificate: what an application that holds only ca.crt uses where a password
     * authenticates it (a Redis instance with {@code tls-auth-clients optional}).
     */
    public static SSLContext trusting(String authorityPem) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust(authorityPem).getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    private static TrustManagerFactory trust(String authorityPem) throws GeneralSecurityException, IOException {
        KeyStore roots = KeyStore.getInstance("PKCS12");
        roots.load(null, null);
        int i = 0;
        for (X509Certificate ca : Pem.certificates(authorityPem)) {
            roots.setCertificateEntry("ca-" + i++, ca);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(roots);
        return tmf;
    }
}
