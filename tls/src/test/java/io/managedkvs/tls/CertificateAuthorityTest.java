package io.managedkvs.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

    private static final Instant NOW = Instant.now();

    @TempDir
    Path dir;

    @Test
    void issuedCertificateIsSignedByTheCaAndNamesItsHosts() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("test-ca", NOW, Duration.ofDays(1));
        TlsFiles files = ca.issueInto(dir.resolve("m"), "member-0", List.of("localhost", "127.0.0.1"), NOW, Duration.ofHours(1));

        X509Certificate cert = Pem.certificates(files.certificate()).get(0);
        cert.verify(ca.certificate().getPublicKey());
        cert.checkValidity();
        assertThat(cert.getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1)).containsExactlyInAnyOrder("localhost", "127.0.0.1");
        assertThat(Pem.certificates(files.authority()).get(0)).isEqualTo(ca.certificate());
        assertThat(Files.getPosixFilePermissions(files.privateKey())).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(files.problem()).isEmpty();
    }

    @Test
    void aLoadedCaIssuesCertificatesTheOriginalVerifies() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("test-ca", NOW, Duration.ofDays(1));
        CertificateAuthority again = CertificateAuthority.load(ca.certificatePem(), ca.keyPem());
        String pem = again.issue("m", List.of("localhost"), NOW, NOW.plusSeconds(600)).certificatePem();
        Pem.certificates(pem).get(0).verify(ca.certificate().getPublicKey());
    }

    @Test
    void membersOfOneCaShakeHandsAndAStrangerIsRefused() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("test-ca", NOW, Duration.ofDays(1));
        SSLContext server = SslContexts.of(ca.issueInto(dir.resolve("s"), "server", List.of("localhost", "127.0.0.1"), NOW, Duration.ofHours(1)));
        SSLContext client = SslContexts.of(ca.issueInto(dir.resolve("c"), "client", List.of("client"), NOW, Duration.ofHours(1)));
        CertificateAuthority other = CertificateAuthority.create("other-ca", NOW, Duration.ofDays(1));
        SSLContext stranger = SslContexts.of(other.issueInto(dir.resolve("x"), "client", List.of("client"), NOW, Duration.ofHours(1)));

        assertServesOnlyTheFirst(server, true, client, stranger);
    }

    @Test
    void aClientTrustingABundleReachesAServerOfEitherCaWithoutACertificateOfItsOwn() throws Exception {
        CertificateAuthority oldCa = CertificateAuthority.create("old-ca", NOW, Duration.ofDays(1));
        CertificateAuthority newCa = CertificateAuthority.create("new-ca", NOW, Duration.ofDays(1));
        SSLContext server = SslContexts.of(newCa.issueInto(dir.resolve("s"), "server", List.of("localhost"), NOW, Duration.ofHours(1)));
        SSLContext bundle = SslContexts.trusting(oldCa.certificatePem() + newCa.certificatePem());
        SSLContext oldOnly = SslContexts.trusting(oldCa.certificatePem());

        assertServesOnlyTheFirst(server, false, bundle, oldOnly);
    }

    /** A server on {@code server}'s credentials answers {@code served} and refuses {@code refused} at the handshake. */
    private static void assertServesOnlyTheFirst(SSLContext server, boolean needClientAuth, SSLContext served, SSLContext refused)
            throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            if (needClientAuth) {
                listener.setNeedClientAuth(true);
            } else {
                listener.setWantClientAuth(true);
            }
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> serveOnce(listener));
            assertThat(roundTrip(served, listener.getLocalPort())).isEqualTo(42);
            echo.get(10, TimeUnit.SECONDS);

            CompletableFuture<Void> handshake = CompletableFuture.runAsync(() -> serveOnce(listener));
            assertThatThrownBy(() -> roundTrip(refused, listener.getLocalPort())).isInstanceOf(IOException.class);
            handshake.handle((v, e) -> null).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMissingFileIsNamed() {
        TlsFiles files = TlsFiles.in(dir);
        assertThat(files.problem()).hasValue("cannot read " + dir.resolve("tls.crt"));
        assertThatThrownBy(() -> SslContexts.of(files)).hasMessageContaining(dir.resolve("tls.crt").toString());
    }

    private static int roundTrip(SSLContext context, int port) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write(41);
            out.flush();
            int read = socket.getInputStream().read();
            if (read < 0) {
                throw new SSLException("closed by the server");
            }
            return read;
        }
    }

    private static void serveOnce(SSLServerSocket listener) {
        try (SSLSocket s = (SSLSocket) listener.accept()) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            int b = in.read();
            s.getOutputStream().write(b + 1);
            s.getOutputStream().flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
