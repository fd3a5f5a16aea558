package io.managedkvs.operator.tls;

import io.managedkvs.tls.Pem;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a TLS Secret before anything is rendered from it, so that a bad Secret is refused with a
 * condition and rolls nothing: the keys are there (as cert-manager writes them: tls.crt, tls.key,
 * ca.crt), the certificate parses and is valid now, the key is the certificate's (a signature made
 * with it verifies with the certificate's public key), and ca.crt issued the certificate.
 */
public final class TlsSecretCheck {

    public static final String CERT = "tls.crt";
    public static final String KEY = "tls.key";
    public static final String CA = "ca.crt";

    private TlsSecretCheck() {
    }

    /**
     * @param secretName for messages
     * @param data       the Secret's data, base64-encoded as the API returns it
     * @param required   the keys the engine mounts
     * @param now        the time the certificate must be valid at
     * @return what is wrong, naming the Secret and the key, or empty when the Secret is fit to use
     */
    public static Optional<String> problem(String secretName, Map<String, String> data, List<String> required, Instant now) {
        Map<String, String> d = data == null ? Map.of() : data;
        List<String> missing = required.stream().filter(k -> d.get(k) == null || d.get(k).isBlank()).toList();
        if (!missing.isEmpty()) {
            return Optional.of("Secret " + secretName + " has no " + String.join(", ", missing) + "; it needs "
                    + String.join(", ", required) + " (the keys cert-manager writes)");
        }
        try {
            List<X509Certificate> chain = certificates(decode(d.get(CERT)), CERT);
            X509Certificate leaf = chain.get(0);
            if (now.isAfter(leaf.getNotAfter().toInstant())) {
                return Optional.of("the certificate in " + secretName + "/" + CERT + " (" + leaf.getSubjectX500Principal().getName()
                        + ") expired at " + leaf.getNotAfter().toInstant());
            }
            if (now.isBefore(leaf.getNotBefore().toInstant())) {
                return Optional.of("the certificate in " + secretName + "/" + CERT + " is not valid before " + leaf.getNotBefore().toInstant());
            }
            PrivateKey key = privateKey(decode(d.get(KEY)));
            if (!pairs(key, leaf.getPublicKey())) {
                return Optional.of(secretName + "/" + KEY + " is not the key of the certificate in " + secretName + "/" + CERT);
            }
            if (required.contains(CA)) {
                List<X509Certificate> authorities = certificates(decode(d.get(CA)), CA);
                if (!issuedBy(chain, authorities)) {
                    return Optional.of("the certificate in " + secretName + "/" + CERT + " was not issued by " + secretName + "/" + CA
                            + " (it names issuer " + leaf.getIssuerX500Principal().getName() + ")");
                }
            }
            return Optional.empty();
        } catch (Unreadable e) {
            return Optional.of(secretName + "/" + e.getMessage());
        }
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64.strip()), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new Unreadable("data is not base64");
        }
    }

    private static List<X509Certificate> certificates(String pem, String key) {
        try {
            return Pem.certificates(pem);
        } catch (IllegalArgumentException e) {
            throw new Unreadable(key + " is not a PEM certificate (" + e.getMessage() + ")");
        }
    }

    /** PKCS#8 ({@code PRIVATE KEY}) or PKCS#1/SEC1 ({@code RSA PRIVATE KEY}, {@code EC PRIVATE KEY}), unencrypted. */
    private static PrivateKey privateKey(String pem) {
        try {
            return Pem.privateKey(pem);
        } catch (IllegalArgumentException e) {
            throw new Unreadable(KEY + " is not an unencrypted PEM private key (" + e.getMessage() + ")");
        }
    }

    /** Whether a signature made with {@code key} verifies with {@code publicKey}. */
    private static boolean pairs(PrivateKey key, PublicKey publicKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null || !key.getAlgorithm().equals(publicKey.getAlgorithm()) && !(algorithm.equals("SHA256withECDSA")
                && publicKey.getAlgorithm().startsWith("EC"))) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The leaf, through any intermediates in tls.crt, leads to one of the authorities. */
    private static boolean issuedBy(List<X509Certificate> chain, List<X509Certificate> authorities) {
        X509Certificate current = chain.get(0);
        List<X509Certificate> intermediates = chain.subList(1, chain.size());
        for (int depth = 0; depth <= intermediates.size(); depth++) {
            for (X509Certificate ca : authorities) {
                if (signedBy(current, ca)) {
                    return true;
                }
            }
            X509Certificate next = null;
            for (X509Certificate i : intermediates) {
                if (signedBy(current, i)) {
                    next = i;
                }
            }
            if (next == null) {
                return false;
            }
            current = next;
        }
        return false;
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
        try {
            cert.verify(issuer.getPublicKey());
            return cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** A key of the Secret that cannot be read; the message starts with the key's name. */
    private static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message);
        }
    }
}
