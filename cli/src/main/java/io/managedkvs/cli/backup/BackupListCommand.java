package io.managedkvs.cli.backup;

import io.managedkvs.backup.BackupEntry;
import io.managedkvs.backup.BackupStore;
import io.managedkvs.backup.StoreOptions;
import io.managedkvs.cli.CliContext;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true,
        header = "Lists the backups in a store, oldest first.",
        description = "One line per backup: name, size in bytes, when it was written (UTC), and whether every file has its"
                + " checksum (a backup without is incomplete and is never restored).")
public final class BackupListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    private final CliContext context;

    public BackupListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (BackupStore source = store.open(context.environment())) {
            List<BackupEntry> entries = source.list();
            out.printf("%-40s %14s  %-20s  %s%n", "NAME", "BYTES", "WRITTEN", "STATE");
            for (BackupEntry e : entries) {
                out.printf("%-40s %14d  %-20s  %s%n", e.name(), e.size(), e.time().toString().replaceFirst("\\.\\d+Z$", "Z"),
                        e.complete() ? "complete" : "incomplete");
            }
        }
        out.flush();
        return 0;
    }
}
