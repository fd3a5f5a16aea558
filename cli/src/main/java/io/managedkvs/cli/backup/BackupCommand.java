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
            "Backups of the redis-sentinel playground, made as the operator makes them in a cluster: an RDB snapshot read"
                + " from a replica (never the primary), stored with its SHA-256 in a directory or an S3-compatible bucket,"
                + " and checked against it before it is restored.",
            "A bucket's credentials come from the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."},
        footer = {"", "Examples:",
            "  kvsctl backup create nightly-1 --playground playground --backup-dir backups",
            "  kvsctl backup list --backup-dir backups",
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
