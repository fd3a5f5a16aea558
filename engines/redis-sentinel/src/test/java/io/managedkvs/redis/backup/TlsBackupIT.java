package io.managedkvs.redis.backup;

import static io.managedkvs.redis.local.ClusterFixture.settle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.managedkvs.api.backup.BackupReport;
import io.managedkvs.backup.DirectoryBackupStore;
import io.managedkvs.redis.actuator.Endpoint;
import io.managedkvs.redis.actuator.RedisClients;
import io.managedkvs.redis.config.SentinelSettings;
import io.managedkvs.redis.local.LocalClusters;
import io.managedkvs.redis.local.LocalRedisCluster;
import io.managedkvs.redis.local.LocalTls;
import io.managedkvs.tls.CertificateAuthority;
import io.managedkvs.tls.Pem;
import io.managedkvs.tls.TlsFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;
import redis.clients.jedis.Jedis;

/**
 * The backup tool against an instance that serves TLS only and, having no password, requires client
 * certificates: with --tls-dir it reads a snapshot from a replica; a client without a certificate is refused.
 */
class TlsBackupIT {

    @RegisterExtension
    final LocalClusters clusters = new LocalClusters();

    @Test
    void theBackupToolReadsAReplicaOverTlsWithItsCertificate() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("backup CA", Instant.now(), Duration.ofDays(1));
        LocalTls tls = new LocalTls(clusters.dir().resolve("tls"), true);
        for (String n : List.of("tb-redis-0", "tb-redis-1", "tb-sentinel-0", LocalTls.CLIENT)) {
            ca.issueInto(tls.root().resolve(n), n, List.of("127.0.0.1", "localhost"), Instant.now(), Duration.ofDays(1));
        }
        LocalRedisCluster cluster = clusters.start(LocalRedisCluster.builder("tb", clusters.dir()).redisMembers(2).sentinels(1)
                .sentinelSettings(new SentinelSettings(1, 1, 1000, 3000, 1)).tls(tls));
        String primary = settle(cluster, Duration.ofSeconds(60)).plan().primary().orElseThrow();
        Endpoint primaryAt = cluster.topology().redis(primary).orElseThrow();
        try (Jedis j = cluster.clients().open(primaryAt)) {
            for (int i = 0; i < 100; i++) {
                j.set("k" + i, "v" + i);
            }
        }
        String replica = cluster.redisMembers().stream().filter(m -> !m.equals(primary)).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (Jedis r = cluster.clients().open(cluster.topology().redis(replica).orElseThrow())) {
                assertThat(r.get("k99")).isEqualTo("v99");
            }
        });

        // Trusting the CA is not enough here: without a password, the certificate is the credential.
        RedisClients noCertificate = new RedisClients(Optional.empty(), Duration.ofSeconds(2), Optional.of(trustOnly(tls.client())));
        assertThatThrownBy(() -> noCertificate.open(primaryAt).ping()).isInstanceOf(RuntimeException.class);

        Path store = clusters.dir().resolve("backups");
        List<String> args = new ArrayList<>(List.of("take", "--name", "tb-1", "--backup-dir", store.toString(),
                "--spool-dir", clusters.dir().resolve("spool").toString(), "--tls-dir", tls.client().certificate().getParent().toString()));
        cluster.topology().redis().forEach(e -> args.addAll(List.of("--member", e.name() + "=127.0.0.1:" + e.port())));
        StringWriter out = new StringWriter();
        int exit = new CommandLine(RedisBackupTool.class).setOut(new PrintWriter(out)).setErr(new PrintWriter(out))
                .execute(args.toArray(String[]::new));

        assertThat(exit).as(out.toString()).isZero();
        Path dataDir = clusters.dir().resolve("restored");
        BackupReport restored = RedisRestore.restore(new DirectoryBackupStore(store), "tb-1", dataDir);
        assertThat(restored.succeeded()).as(restored.message()).isTrue();
        assertThat(Files.size(dataDir.resolve(RedisBackup.RDB_FILE))).isPositive();

        int badDir = new CommandLine(RedisBackupTool.class).setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(out))
                .execute("take", "--name", "tb-2", "--backup-dir", store.toString(), "--member", "m=127.0.0.1:1",
                        "--tls-dir", clusters.dir().resolve("no-such-dir").toString());
        assertThat(badDir).isNotZero();
        assertThat(out.toString()).contains("--tls-dir: cannot read");
    }

    private static SSLContext trustOnly(TlsFiles files) throws Exception {
        KeyStore roots = KeyStore.getInstance("PKCS12");
        roots.load(null, null);
        roots.setCertificateEntry("ca", Pem.certificates(files.authority()).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(roots);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
