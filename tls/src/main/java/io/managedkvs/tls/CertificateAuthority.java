package io.managedkvs.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority for places with no cert-manager: the playgrounds' {@code --tls} and
 * tests. It signs member certificates good for both serving and dialing (members of a cluster are
 * each other's clients), with the host names and addresses the member is reached by. Keys are EC
 * P-256: quick to make, and understood by the JDK, OpenSSL (redis-server) and gRPC alike.
 */
public final class CertificateAuthority {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keys;
    private final X509Certificate certificate;

    private CertificateAuthority(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new self-signed CA named {@code commonName}, valid from now for {@code validity}. */
    public static CertificateAuthority create(String commonName, Instant now, Duration validity) {
        KeyPair keys = ecKeys();
        X500Name name = new X500Name("CN=" + commonName);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minusSeconds(60)),
                    Date.from(now.plus(validity)), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            return new CertificateAuthority(keys, sign(b, keys.getPrivate()));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot make a CA certificate", e);
        }
    }

    /** A CA whose certificate and key were written before (see {@link #certificatePem()} and {@link #keyPem()}). */
    public static CertificateAuthority load(String certificatePem, String keyPem) {
        X509Certificate cert = Pem.certificates(certificatePem).get(0);
        PrivateKey key = Pem.privateKey(keyPem);
        return new CertificateAuthority(new KeyPair(cert.getPublicKey(), key), cert);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String certificatePem() {
        return Pem.write(certificate);
    }

    public String keyPem() {
        return Pem.write(keys.getPrivate());
    }

    /**
     * A member certificate for {@code commonName}, valid in [{@code notBefore}, {@code notAfter}], naming
     * every entry of {@code hosts} as a subject alternative name (IP addresses as addresses, the rest as DNS names).
     */
    public Issued issue(String commonName, List<String> hosts, Instant notBefore, Instant notAfter) {
        KeyPair member = ecKeys();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(), Date.from(notBefore),
                    Date.from(notAfter), new X500Name("CN=" + commonName), member.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate))
                    .addExtension(Extension.subjectAlternativeName, false, altNames(hosts));
            X509Certificate cert = sign(b, keys.getPrivate());
            return new Issued(Pem.write(cert), Pem.write(member.getPrivate()), certificatePem());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + commonName, e);
        }
    }

    /** Issues a member certificate valid from now for {@code validity} and writes it with the CA into {@code dir}. */
    public TlsFiles issueInto(Path dir, String commonName, List<String> hosts, Instant now, Duration validity) {
        Issued issued = issue(commonName, hosts, now.minusSeconds(60), now.plus(validity));
        return TlsFiles.write(dir, issued.certificatePem(), issued.keyPem(), issued.authorityPem());
    }

    /** A member's certificate, its key, and the CA that signed it, as PEM text. */
    public record Issued(String certificatePem, String keyPem, String authorityPem) {
    }

    private static GeneralNames altNames(List<String> hosts) {
        List<GeneralName> names = new ArrayList<>();
        for (String h : hosts) {
            names.add(new GeneralName(isAddress(h) ? GeneralName.iPAddress : GeneralName.dNSName, h));
        }
        return new GeneralNames(names.toArray(new GeneralName[0]));
    }

    private static boolean isAddress(String host) {
        if (host.contains(":")) {
            return true;
        }
        if (!host.matches("[0-9.]+")) {
            return false;
        }
        try {
            InetAddress.getByName(host);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).abs().add(BigInteger.ONE);
    }
}
