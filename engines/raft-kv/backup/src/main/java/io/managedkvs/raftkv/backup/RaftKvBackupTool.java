package io.managedkvs.raftkv.backup;

import io.managedkvs.api.backup.BackupReport;
import io.managedkvs.backup.BackupException;
import io.managedkvs.backup.BackupStore;
import io.managedkvs.backup.StoreOptions;
import io.managedkvs.raftkv.client.ClientConfig;
import io.managedkvs.raftkv.client.RaftKvClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
    }

    @Command(name = "take", description = "Backs up every region behind a ReadIndex barrier, with the region map.")
    static final class Take implements Callable<Integer> {
        @Mixin
        Common o;

        @Override
        public Integer call() {
            try (BackupStore target = o.store.open(System::getenv)) {
                BackupReport result = new RaftKvBackup(ClientConfig.of(o.pd), PIECE_TIMEOUT).take(target, o.name, o.spool);
                return result.emit(o.report, new PrintWriter(System.out, true));
            }
        }
    }

    @Command(name = "restore", description = "Checks every file of a backup, then writes its pairs into a new, empty instance.")
    static final class Restore implements Callable<Integer> {
        @Mixin
        Common o;

        @Override
        public Integer call() {
            PrintWriter out = new PrintWriter(System.out, true);
            BackupReport result;
            try (BackupStore source = o.store.open(System::getenv)) {
                RaftKvRestore.Verified verified = RaftKvRestore.verify(source, o.name, o.spool.resolve("restore-" + o.name));
                try (RaftKvClient client = RaftKvClient.connect(ClientConfig.of(o.pd))) {
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
