package io.managedkvs.operator.tls;

import static io.managedkvs.operator.tls.TestCertificates.b64;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every way a TLS Secret can be wrong is named before anything is rendered from it. */
class TlsSecretCheckTest {

    private static final List<String> KEYS = List.of(TlsSecretCheck.CERT, TlsSecretCheck.KEY, TlsSecretCheck.CA);
    private static final TestCertificates.Issued CA = TestCertificates.ca("kvs-ca");
    private static final Instant NOW = Instant.now();

    private static Map<String, String> secret(TestCertificates.Issued leaf, String keyPem, TestCertificates.Issued ca) {
        return Map.of(TlsSecretCheck.CERT, b64(leaf.certPem()), TlsSecretCheck.KEY, b64(keyPem), TlsSecretCheck.CA, b64(ca.certPem()));
    }

    private static TestCertificates.Issued valid() {
        return TestCertificates.leaf("cache", CA, NOW.minusSeconds(60), NOW.plusSeconds(3600));
    }

    @Test
    void aSoundSecretPassesWithTheKeyInPkcs8OrPkcs1() {
        TestCertificates.Issued leaf = valid();
        assertThat(TlsSecretCheck.problem("cache-tls", secret(leaf, leaf.keyPem(), CA), KEYS, NOW)).isEmpty();
        // JcaPEMWriter writes an RSA KeyPair as PKCS#1 ("RSA PRIVATE KEY"), as cert-manager does by default.
        String pkcs1 = TestCertificates.pem(leaf.keys());
        assertThat(pkcs1).contains("BEGIN RSA PRIVATE KEY");
        assertThat(TlsSecretCheck.problem("cache-tls", secret(leaf, pkcs1, CA), KEYS, NOW)).isEmpty();
    }

    @Test
    void missingKeysAreNamed() {
        assertThat(TlsSecretCheck.problem("cache-tls", Map.of(TlsSecretCheck.CERT, b64(valid().certPem())), KEYS, NOW))
                .contains("Secret cache-tls has no tls.key, ca.crt; it needs tls.crt, tls.key, ca.crt (the keys cert-manager writes)");
    }

    @Test
    void anExpiredOrNotYetValidCertificateIsRefused() {
        TestCertificates.Issued expired = TestCertificates.leaf("cache", CA, NOW.minusSeconds(7200), NOW.minusSeconds(3600));
        assertThat(TlsSecretCheck.problem("cache-tls", secret(expired, expired.keyPem(), CA), KEYS, NOW))
                .hasValueSatisfying(p -> assertThat(p).startsWith("the certificate in cache-tls/tls.crt (CN=cache) expired at"));
        TestCertificates.Issued future = TestCertificates.leaf("cache", CA, NOW.plusSeconds(3600), NOW.plusSeconds(7200));
        assertThat(TlsSecretCheck.problem("cache-tls", secret(future, future.keyPem(), CA), KEYS, NOW))
                .hasValueSatisfying(p -> assertThat(p).contains("is not valid before"));
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefused() {
        TestCertificates.Issued leaf = valid();
        TestCertificates.Issued other = valid();
        assertThat(TlsSecretCheck.problem("cache-tls", secret(leaf, other.keyPem(), CA), KEYS, NOW))
                .contains("cache-tls/tls.key is not the key of the certificate in cache-tls/tls.crt");
    }

    @Test
    void aCertificateFromAnotherAuthorityIsRefused() {
        TestCertificates.Issued stranger = TestCertificates.ca("other-ca");
        TestCertificates.Issued leaf = TestCertificates.leaf("cache", stranger, NOW.minusSeconds(60), NOW.plusSeconds(3600));
        assertThat(TlsSecretCheck.problem("cache-tls", secret(leaf, leaf.keyPem(), CA), KEYS, NOW))
                .hasValueSatisfying(p -> assertThat(p).contains("was not issued by cache-tls/ca.crt").contains("CN=other-ca"));
    }

    @Test
    void garbageIsNamedByKey() {
        TestCertificates.Issued leaf = valid();
        Map<String, String> data = Map.of(TlsSecretCheck.CERT, b64("not a certificate"), TlsSecretCheck.KEY, b64(leaf.keyPem()),
                TlsSecretCheck.CA, b64(CA.certPem()));
        assertThat(TlsSecretCheck.problem("cache-tls", data, KEYS, NOW))
                .hasValueSatisfying(p -> assertThat(p).startsWith("cache-tls/tls.crt "));
        Map<String, String> badKey = Map.of(TlsSecretCheck.CERT, b64(leaf.certPem()), TlsSecretCheck.KEY, b64("nope"),
                TlsSecretCheck.CA, b64(CA.certPem()));
        assertThat(TlsSecretCheck.problem("cache-tls", badKey, KEYS, NOW))
                .hasValueSatisfying(p -> assertThat(p).startsWith("cache-tls/tls.key is not"));
    }
}
