package io.managedkvs.raftkv.backup;

import io.managedkvs.api.backup.BackupReport;
import io.managedkvs.backup.BackupException;
import io.managedkvs.backup.BackupStore;
import io.managedkvs.backup.StoreOptions;
import io.managedkvs.raftkv.client.ClientConfig;
import io.managedkvs.raftkv.client.RaftKvClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The raft-kv backup tool the operator runs in a backup Job's pod ({@code take}) and in a restore
 * Job's pod ({@code restore}). Each prints a {@link BackupReport} as JSON, also to {@code --report}
 * (the pod's termination message, where the operator reads it), and exits 1 when it failed.
 */
@Command(name = "raft-kv-backup", mixinStandardHelpOptions = true,
        subcommands = {RaftKvBackupTool.Take.class, RaftKvBackupTool.Restore.class},
        description = "Takes or restores consistent backups of a raft-kv instance.")
public final class RaftKvBackupTool {

    static final Duration PIECE_TIMEOUT = Duration.ofMinutes(2);

    private RaftKvBackupTool() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(RaftKvBackupTool.class).execute(args));
    }

    static int finish(BackupReport report, Path reportFile, PrintWriter out) {
        String json = report.toJson();
        out.println(json);
        out.flush();
        if (reportFile != null) {
            try {
                Files.writeString(reportFile, json);
            } catch (IOException e) {
                out.println("cannot write the report to " + reportFile + ": " + e.getMessage());
            }
        }
        return report.succeeded() ? 0 : 1;
    }

    @Command(name = "take", description = "Backs up every region behind a ReadIndex barrier, with the region map.")
    static final class Take implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--name", required = true, description = "The backup's name.")
        String name;

        @Option(names = "--pd", required = true, split = ",", paramLabel = "HOST:PORT", description = "PD members of the instance.")
        List<String> pd;

        @Option(names = "--spool-dir", defaultValue = "${java.io.tmpdir}", description = "Where region files wait before they are stored.")
        Path spool;

        @Option(names = "--report", description = "Also write the JSON report to this file (a pod's /dev/termination-log).")
        Path report;

        @Override
        public Integer call() {
            try (BackupStore target = store.open(System::getenv)) {
                BackupReport result = new RaftKvBackup(ClientConfig.of(pd), PIECE_TIMEOUT).take(target, name, spool);
                return finish(result, report, new PrintWriter(System.out, true));
            }
        }
    }

    @Command(name = "restore", description = "Checks every file of a backup, then writes its pairs into a new, empty instance.")
    static final class Restore implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--name", required = true, description = "The backup's name.")
        String name;

        @Option(names = "--pd", required = true, split = ",", paramLabel = "HOST:PORT", description = "PD members of the new instance.")
        List<String> pd;

        @Option(names = "--spool-dir", defaultValue = "${java.io.tmpdir}", description = "Where the backup's files are checked.")
        Path spool;

        @Option(names = "--report", description = "Also write the JSON report to this file (a pod's /dev/termination-log).")
        Path report;

        @Override
        public Integer call() {
            PrintWriter out = new PrintWriter(System.out, true);
            try (BackupStore source = store.open(System::getenv)) {
                RaftKvRestore.Verified verified = RaftKvRestore.verify(source, name, spool.resolve("restore-" + name));
                try (RaftKvClient client = RaftKvClient.connect(ClientConfig.of(pd))) {
                    return finish(RaftKvRestore.load(verified, client, source.location(name)), report, out);
                }
            } catch (BackupException e) {
                return finish(BackupReport.failure(e.getMessage() + "; nothing was loaded"), report, out);
            } catch (IOException e) {
                return finish(BackupReport.failure("restore of " + name + " failed: " + e.getMessage() + "; nothing was loaded"), report, out);
            }
        }
    }
}
