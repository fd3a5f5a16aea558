package io.managedkvs.raftkv.backup;

import io.managedkvs.api.backup.BackupReport;
import io.managedkvs.backup.BackupException;
import io.managedkvs.backup.BackupStore;
import io.managedkvs.backup.StoreOptions;
import io.managedkvs.raftkv.client.ClientConfig;
import io.managedkvs.raftkv.client.RaftKvClient;
import io.managedkvs.raftkv.client.TransportSecurity;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The raft-kv backup tool the operator runs in a backup Job's pod ({@code take}), and that restores a
 * backup into a new instance ({@code restore}). Each prints a {@link BackupReport} as JSON, also to
 * {@code --report} (the pod's termination message, where the operator reads it), and exits 1 when it
 * failed.
 */
@Command(name = "raft-kv-backup", mixinStandardHelpOptions = true,
        subcommands = {RaftKvBackupTool.Take.class, RaftKvBackupTool.Restore.class},
        description = "Takes or restores consistent backups of a raft-kv instance.")
public final class RaftKvBackupTool {

    static final Duration PIECE_TIMEOUT = Duration.ofMinutes(2);
    /** Each write of a restore, retries included: a new instance may still be electing leaders of regions it split. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private RaftKvBackupTool() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(RaftKvBackupTool.class).execute(args));
    }

    /** What both commands take: where backups are, which one, the instance's PD, and where to report. */
    static final class Common {
        @Mixin
        StoreOptions store;

        @Option(names = "--name", required = true, description = "The backup's name.")
        String name;

        @Option(names = "--pd", required = true, split = ",", paramLabel = "HOST:PORT", description = "PD members of the instance.")
        List<String> pd;

        @Option(names = "--spool-dir", defaultValue = "${java.io.tmpdir}", description = "Where region files wait.")
        Path spool;

        @Option(names = "--report", description = "Also write the JSON report to this file (a pod's /dev/termination-log).")
        Path report;

        @Option(names = "--tls-dir", paramLabel = "DIR", description = "Mutual TLS with the certificate in DIR (tls.crt, tls.key,"
                + " ca.crt: the instance's Secret as mounted, or a TLS playground's tls/client); plaintext without it.")
        Path tlsDir;

        /**
         * The transport security --tls-dir asks for, reread when the files change (a backup may outlast a
         * rotation of the Secret); a usage error naming the option when the files are not a certificate and key.
         */
        TransportSecurity security(CommandSpec spec) {
            try {
                return TransportSecurity.forOption("--tls-dir", tlsDir);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    @Command(name = "take", description = "Backs up every region behind a ReadIndex barrier, with the region map.")
    static final class Take implements Callable<Integer> {
        @Mixin
        Common o;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (TransportSecurity security = o.security(spec); BackupStore target = o.store.open(System::getenv)) {
                BackupReport result = new RaftKvBackup(ClientConfig.of(o.pd).withSecurity(security), PIECE_TIMEOUT)
                        .take(target, o.name, o.spool);
                return result.emit(o.report, new PrintWriter(System.out, true));
            }
        }
    }

    @Command(name = "restore", description = "Checks every file of a backup, then writes its pairs into a new, empty instance.")
    static final class Restore implements Callable<Integer> {
        @Mixin
        Common o;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = new PrintWriter(System.out, true);
            BackupReport result;
            try (TransportSecurity security = o.security(spec); BackupStore source = o.store.open(System::getenv)) {
                RaftKvRestore.Verified verified = RaftKvRestore.verify(source, o.name, o.spool.resolve("restore-" + o.name));
                try (RaftKvClient client = RaftKvClient.connect(ClientConfig.of(o.pd).withSecurity(security).withCallTimeout(CALL_TIMEOUT))) {
                    result = RaftKvRestore.load(verified, client, source.location(o.name));
                }
            } catch (BackupException e) {
                result = BackupReport.failure(e.getMessage() + "; nothing was loaded");
            } catch (IOException e) {
                result = BackupReport.failure("restore of " + o.name + " failed: " + e.getMessage() + "; nothing was loaded");
            }
            return result.emit(o.report, out);
        }
    }
}
