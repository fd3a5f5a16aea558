package io.managedkvs.raftkv.client;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.managedkvs.tls.TlsFiles;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How every raft-kv gRPC server and channel is secured: plaintext, or mutual TLS with one member
 * certificate and one CA. With TLS, servers require a client certificate issued by the CA and
 * channels present theirs, so a plaintext client or one from another CA is refused at the handshake.
 * Peers are verified by chain, not host name: the CA is private to the cluster and every holder of
 * a certificate it issued is a member (see docs/decisions/0014-raft-kv-tls.md).
 *
 * <p>The key and trust managers are shared by every server and channel of the process; a
 * {@link TlsReloader} replaces their material when the files change, so new connections use the
 * new certificate without a restart.
 */
public final class TransportSecurity implements AutoCloseable {

    private static final TransportSecurity PLAINTEXT = new TransportSecurity(null, null, null);

    private final AdvancedTlsX509KeyManager keys;
    private final AdvancedTlsX509TrustManager trust;
    private final TlsReloader reloader;

    private TransportSecurity(AdvancedTlsX509KeyManager keys, AdvancedTlsX509TrustManager trust, TlsReloader reloader) {
        this.keys = keys;
        this.trust = trust;
        this.reloader = reloader;
    }

    /** How often the files behind {@link #forOption} are checked for a rotation. */
    public static final Duration RELOAD_EVERY = Duration.ofSeconds(10);

    /**
     * The security a process's {@code option} (a TLS directory, or null for plaintext) asks for; an
     * IllegalArgumentException starting with the option's name when a file is missing, unreadable or
     * not a certificate and key.
     */
    public static TransportSecurity forOption(String option, Path dir) {
        return forOption(option, dir, RELOAD_EVERY);
    }

    /** As {@link #forOption(String, Path)}, checking for a rotation every {@code reloadEvery} (zero: read once). */
    public static TransportSecurity forOption(String option, Path dir, Duration reloadEvery) {
        if (dir == null) {
            return plaintext();
        }
        try {
            return mutualTls(TlsFiles.in(dir), reloadEvery);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    public static TransportSecurity plaintext() {
        return PLAINTEXT;
    }

    /**
     * Mutual TLS from {@code files}, read now (IllegalArgumentException with the reason when they are
     * missing, unreadable or do not parse) and again every {@code reloadEvery} when they changed
     * (zero: never again).
     */
    public static TransportSecurity mutualTls(TlsFiles files, Duration reloadEvery) {
        AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
        AdvancedTlsX509TrustManager trust = chainOnlyTrust();
        TlsReloader reloader = TlsReloader.start(files, keys, trust, reloadEvery);
        return new TransportSecurity(keys, trust, reloader);
    }

    /**
     * Mutual TLS from PEM text held in memory (the operator's copy of a checked Secret); fixed: a
     * rotation is a new instance. IllegalArgumentException when the texts do not parse or do not pair.
     */
    public static TransportSecurity mutualTls(String certificatePem, String keyPem, String authorityPem) {
        AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
        AdvancedTlsX509TrustManager trust = chainOnlyTrust();
        try {
            TlsReloader.install(keys, trust, certificatePem, keyPem, authorityPem);
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the TLS certificate: " + e.getMessage(), e);
        }
        return new TransportSecurity(keys, trust, null);
    }

    private static AdvancedTlsX509TrustManager chainOnlyTrust() {
        try {
            // Chain only: members reach each other by pod names, addresses and service names alike.
            return AdvancedTlsX509TrustManager.newBuilder()
                    .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION).build();
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean tls() {
        return keys != null;
    }

    public ServerCredentials serverCredentials() {
        if (!tls()) {
            return InsecureServerCredentials.create();
        }
        return TlsServerCredentials.newBuilder().keyManager(keys).trustManager(trust)
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE).build();
    }

    public ChannelCredentials channelCredentials() {
        if (!tls()) {
            return InsecureChannelCredentials.create();
        }
        return TlsChannelCredentials.newBuilder().keyManager(keys).trustManager(trust).build();
    }

    /** The reloading key manager, for non-gRPC servers of the same process (the Redis protocol port). */
    public Optional<X509ExtendedKeyManager> keyManager() {
        return Optional.ofNullable(keys);
    }

    /** The reloading trust manager (only ca.crt), for non-gRPC servers of the same process. */
    public Optional<X509ExtendedTrustManager> trustManager() {
        return Optional.ofNullable(trust);
    }

    @Override
    public void close() {
        if (reloader != null) {
            reloader.close();
        }
    }
}
