package io.managedkvs.backup;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The engine-independent part of the backup tool the operator runs in Jobs: deleting a backup's
 * stored data when its ManagedKVSBackup is deleted (by a user or by retention).
 */
@Command(name = "backup-store", mixinStandardHelpOptions = true, subcommands = BackupStoreTool.Delete.class,
        description = "Manages stored backups.")
public final class BackupStoreTool {

    private BackupStoreTool() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(BackupStoreTool.class).execute(args));
    }

    /** Deletes one backup and all its files; a backup that is not there is already deleted. */
    @Command(name = "delete", description = "Deletes a backup's files.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--name", required = true, description = "The backup's name.")
        String name;

        @Override
        public Integer call() {
            try (BackupStore target = store.open(System::getenv)) {
                target.delete(name);
                System.out.println("deleted backup " + name + " at " + target.location(name));
                return 0;
            }
        }
    }
}
