package io.managedkvs.cli.backup;

import static io.managedkvs.cli.backup.RaftKvBackupIT.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.api.backup.BackupReport;
import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.playground.PlaygroundCertificates;
import io.managedkvs.cli.testing.BackgroundRuns;
import io.managedkvs.cli.testing.CliRun;
import io.managedkvs.cli.testing.TestPorts;
import io.managedkvs.raftkv.backup.RaftKvBackupTool;
import io.managedkvs.raftkv.client.ClientConfig;
import io.managedkvs.raftkv.client.KvEntry;
import io.managedkvs.raftkv.client.RaftKvClient;
import io.managedkvs.raftkv.client.TransportSecurity;
import io.managedkvs.tls.TlsFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Backups and restores of a raft-kv playground that serves mutual TLS only, as real processes, both
 * ways they run: {@code kvsctl backup create --tls-dir} and {@code kvsctl backup restore --tls}, and the
 * backup tool a cluster's Jobs run ({@code take} and {@code restore} with {@code --tls-dir}, the
 * instance's Secret there, a playground's client certificate here), restoring into a new, empty TLS
 * instance as the restore Job does. create finds the playground's client certificate by itself; a
 * --tls-dir without a certificate is refused by name.
 */
class RaftKvTlsBackupIT {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;
    @RegisterExtension
    final BackgroundRuns runs = new BackgroundRuns();

    @Test
    void backsUpATlsPlaygroundAndRestoresItOverTlsWithKvsctlAndWithTheJobsTool() throws Exception {
        CliContext context = CliContext.standard();
        Path backups = tmp.resolve("backups");
        Path source = tmp.resolve("source");
        int base = TestPorts.freeBase(11);
        CliRun playground = runs.start(context, source, "playground", "--tls", "--replicas", "1", "--dir", source.toString(),
                "--port-base", Integer.toString(base));
        Path sourceClient = source.resolve(PlaygroundCertificates.DIR).resolve(PlaygroundCertificates.CLIENT);
        Map<String, String> written = new LinkedHashMap<>();
        try (TransportSecurity tls = TransportSecurity.mutualTls(TlsFiles.in(sourceClient), Duration.ZERO);
             RaftKvClient client = client(base, tls)) {
            List<KvEntry> batch = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                written.put("k" + i, "v" + i);
                batch.add(new KvEntry(bytes("k" + i), bytes("v" + i)));
            }
            client.batchPut(batch);
        }

        CliRun refused = new CliRun(context);
        assertThat(refused.run("backup", "create", "t-0", "--playground", source.toString(), "--backup-dir", backups.toString(),
                "--tls-dir", tmp.resolve("no-certificate").toString())).isEqualTo(2);
        assertThat(refused.err()).contains("--tls-dir");
        CliRun create = new CliRun(context);
        assertThat(create.run("backup", "create", "t-1", "--playground", source.toString(), "--backup-dir", backups.toString(),
                "--tls-dir", sourceClient.toString())).as(create.err()).isZero();
        assertThat(create.out()).contains("200 keys");
        CliRun found = new CliRun(context);
        assertThat(found.run("backup", "create", "t-3", "--playground", source.toString(), "--backup-dir", backups.toString()))
                .as("the playground's own client certificate by default; " + found.err()).isZero();
        Path takeReport = tmp.resolve("take.json");
        assertThat(tool("take", "--name", "t-2", "--pd", "127.0.0.1:" + base, "--tls-dir", sourceClient.toString(),
                "--backup-dir", backups.toString(), "--spool-dir", tmp.resolve("spool").toString(), "--report", takeReport.toString()))
                .isZero();
        assertThat(BackupReport.fromJson(Files.readString(takeReport))).hasValueSatisfying(r -> assertThat(r.succeeded()).isTrue());
        assertThat(runs.stop(playground)).isZero();

        Path restoredDir = tmp.resolve("restored");
        int restoredBase = TestPorts.freeBase(11);
        CliRun restore = runs.start(context, restoredDir, "backup", "restore", "t-1", "--tls", "--replicas", "1", "--dir",
                restoredDir.toString(), "--port-base", Integer.toString(restoredBase), "--backup-dir", backups.toString());
        assertThat(restore.out()).contains("loaded backup t-1").contains("200 keys from");
        assertHolds(restoredDir, restoredBase, written);
        assertThat(runs.stop(restore)).isZero();

        Path emptyDir = tmp.resolve("empty");
        int emptyBase = TestPorts.freeBase(11);
        CliRun empty = runs.start(context, emptyDir, "playground", "--tls", "--replicas", "1", "--dir", emptyDir.toString(),
                "--port-base", Integer.toString(emptyBase));
        Path restoreReport = tmp.resolve("restore.json");
        assertThat(tool("restore", "--name", "t-2", "--pd", "127.0.0.1:" + emptyBase, "--tls-dir",
                emptyDir.resolve(PlaygroundCertificates.DIR).resolve(PlaygroundCertificates.CLIENT).toString(),
                "--backup-dir", backups.toString(), "--spool-dir", tmp.resolve("spool").toString(), "--report", restoreReport.toString()))
                .isZero();
        assertThat(BackupReport.fromJson(Files.readString(restoreReport))).hasValueSatisfying(r -> {
            assertThat(r.succeeded()).isTrue();
            assertThat(r.source()).startsWith("200 keys from");
        });
        assertHolds(emptyDir, emptyBase, written);
        assertThat(runs.stop(empty)).isZero();
    }

    /** The raft-kv backup tool, in process, as a Job's pod runs it. */
    private static int tool(String... args) {
        return new CommandLine(RaftKvBackupTool.class).execute(args);
    }

    private static void assertHolds(Path dir, int pdPort, Map<String, String> written) {
        Path clientDir = dir.resolve(PlaygroundCertificates.DIR).resolve(PlaygroundCertificates.CLIENT);
        try (TransportSecurity tls = TransportSecurity.mutualTls(TlsFiles.in(clientDir), Duration.ZERO);
             RaftKvClient client = client(pdPort, tls)) {
            written.forEach((k, v) -> assertThat(client.get(bytes(k))).as(k)
                    .hasValueSatisfying(got -> assertThat(new String(got, StandardCharsets.UTF_8)).isEqualTo(v)));
            assertThat(client.scan(new byte[0], new byte[0], 10_000, true)).hasSize(written.size());
        }
    }

    private static RaftKvClient client(int pdPort, TransportSecurity tls) {
        return RaftKvClient.connect(ClientConfig.of(List.of("127.0.0.1:" + pdPort)).withSecurity(tls).withCallTimeout(Duration.ofSeconds(20)));
    }
}
