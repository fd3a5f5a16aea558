package io.managedkvs.raftkv.client;

import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.managedkvs.tls.Pem;
import io.managedkvs.tls.TlsFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Reads a member's PEM files into reloading key and trust managers, then checks them on a timer and
 * reads them again when they changed. A Kubernetes Secret volume replaces its files in place (an
 * atomic swap of a symlinked directory), so the content, not the path, is what changes. The files
 * are parsed with {@link Pem} rather than gRPC's reader because cert-manager writes keys in PKCS#1
 * and SEC1 form as well as PKCS#8. A rotation that does not parse (a half-written file) keeps the
 * current material and is tried again at the next tick.
 */
final class TlsReloader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TlsReloader.class.getName());

    private final TlsFiles files;
    private final AdvancedTlsX509KeyManager keys;
    private final AdvancedTlsX509TrustManager trust;
    private ScheduledExecutorService timer;
    private String loaded;

    private TlsReloader(TlsFiles files, AdvancedTlsX509KeyManager keys, AdvancedTlsX509TrustManager trust) {
        this.files = files;
        this.keys = keys;
        this.trust = trust;
    }

    /**
     * Loads {@code files} now (IllegalArgumentException naming the problem) and every {@code every}
     * after; a zero {@code every} reads them once (short-lived clients such as kvsctl).
     */
    static TlsReloader start(TlsFiles files, AdvancedTlsX509KeyManager keys, AdvancedTlsX509TrustManager trust, Duration every) {
        files.problem().ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        TlsReloader r = new TlsReloader(files, keys, trust);
        try {
            r.loadIfChanged();
        } catch (RuntimeException | IOException | GeneralSecurityException e) {
            r.close();
            throw new IllegalArgumentException("cannot load TLS files from " + files.certificate().getParent() + ": " + e.getMessage(), e);
        }
        if (!every.isZero()) {
            r.timer = Executors.newSingleThreadScheduledExecutor(t -> {
                Thread thread = new Thread(t, "tls-reload");
                thread.setDaemon(true);
                return thread;
            });
            r.timer.scheduleWithFixedDelay(r::tick, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
        return r;
    }

    private void tick() {
        try {
            loadIfChanged();
        } catch (RuntimeException | IOException | GeneralSecurityException e) {
            LOG.warning("TLS files in " + files.certificate().getParent() + " changed but cannot be loaded, keeping the current ones: " + e.getMessage());
        }
    }

    private synchronized void loadIfChanged() throws IOException, GeneralSecurityException {
        String cert = read(files.certificate());
        String key = read(files.privateKey());
        String ca = read(files.authority());
        String now = cert + key + ca;
        if (now.equals(loaded)) {
            return;
        }
        X509Certificate leaf = install(keys, trust, cert, key, ca);
        boolean first = loaded == null;
        loaded = now;
        if (!first) {
            LOG.info("TLS files in " + files.certificate().getParent() + " reloaded: new connections use certificate serial "
                    + leaf.getSerialNumber().toString(16));
        }
    }

    /** Puts a certificate, its key and the CA into the managers; returns the certificate. */
    static X509Certificate install(AdvancedTlsX509KeyManager keys, AdvancedTlsX509TrustManager trust, String cert, String key, String ca)
            throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = Pem.certificates(cert);
        PrivateKey privateKey = Pem.privateKey(key);
        if (!matches(chain.get(0), privateKey)) {
            throw new GeneralSecurityException(TlsFiles.KEY + " does not match " + TlsFiles.CERT);
        }
        trust.updateTrustCredentials(Pem.certificates(ca).toArray(new X509Certificate[0]));
        keys.updateIdentityCredentials(chain.toArray(new X509Certificate[0]), privateKey);
        return chain.get(0);
    }

    /**
     * Whether {@code key} belongs to {@code cert}: a key and certificate caught between two writes of
     * a rotation must not be paired (every handshake would fail), so such a pair waits for the next tick.
     */
    private static boolean matches(X509Certificate cert, PrivateKey key) throws GeneralSecurityException {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
        byte[] probe = "raft-kv".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(cert.getPublicKey());
        verifier.update(probe);
        return verifier.verify(signature);
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
