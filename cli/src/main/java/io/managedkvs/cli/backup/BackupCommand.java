package io.managedkvs.cli.backup;

import io.managedkvs.backup.BackupNames;
import io.managedkvs.cli.CliContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "backup", mixinStandardHelpOptions = true,
        header = "Backs up a playground, lists backups, restores one.",
        description = {
            "Backups of a playground, made as the operator makes them in a cluster, stored with their SHA-256s in a"
                + " directory or an S3-compatible bucket and checked against them before they are restored. raft-kv: every"
                + " region's SST behind a ReadIndex barrier and the region map; redis-sentinel: an RDB snapshot read from a"
                + " replica (never the primary).",
            "A bucket's credentials come from the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."
                + " A playground started with --tls is backed up over TLS with its own client certificate (raft-kv: --tls-dir"
                + " names another); restore --tls starts the new one with TLS."},
        footer = {"", "Examples:",
            "  kvsctl backup create nightly-1 --playground playground --backup-dir backups",
            "  kvsctl backup list --backup-dir backups",
            "  kvsctl backup restore nightly-1 --backup-dir backups --dir restored --port-base 23790",
            "  kvsctl backup restore nightly-1 --backup-dir backups --dir restored --port-base 23790 --tls",
            "  kvsctl backup restore nightly-1 --backup-dir backups --engine redis-sentinel --dir restored"})
public final class BackupCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is needed: create, list or restore");
    }

    /** A backup name given as the NAME parameter, or a usage error saying what a name may hold. */
    static void checkName(CommandSpec spec, String name) {
        try {
            BackupNames.check("NAME", name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    public static CommandLine commandLine(CliContext context) {
        CommandLine cl = new CommandLine(new BackupCommand());
        cl.addSubcommand(new BackupCreateCommand(context));
        cl.addSubcommand(new BackupListCommand(context));
        cl.addSubcommand(new BackupRestoreCommand(context));
        return cl;
    }
}
