package io.managedkvs.cli.backup;

import io.managedkvs.backup.BackupStore;
import io.managedkvs.backup.StoreOptions;
import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.playground.ClusterOptions;
import io.managedkvs.cli.playground.ClusterShape;
import io.managedkvs.cli.playground.PlaygroundCommand;
import io.managedkvs.cli.playground.PlaygroundSpec;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Starts a new playground from a backup.",
        description = {
            "Starts a new playground, as kvsctl playground does, whose members load the backup NAME before they start,"
                + " as spec.restore does in a cluster. The backup is checked against its SHA-256 first: a corrupted or"
                + " incomplete backup is refused and nothing is started. It stays in the foreground; Ctrl-C stops it."},
        footer = {"", "Exit codes: 0 stopped after --exit-after, 1 failed (the message says why), 2 bad arguments,"
                + " 130 stopped by Ctrl-C (SIGINT), 143 stopped by SIGTERM."})
public final class BackupRestoreCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The backup to restore.")
    String name;

    @Mixin
    StoreOptions store;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "restored",
            description = "The new playground's directory (default: ${DEFAULT-VALUE} in the current directory).")
    Path dir;

    @Option(names = "--port-base", paramLabel = "PORT",
            description = "The read-write address listens on PORT, the members and Sentinels on the ports after it (default: free ports).")
    Integer portBase;

    @Option(names = "--exit-after", paramLabel = "SECONDS", description = "Stop after SECONDS instead of waiting for Ctrl-C.")
    Integer exitAfter;

    public BackupRestoreCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        BackupCommand.checkName(spec, name);
        ClusterShape shape = cluster.validate(spec, context.environment());
        try (BackupStore source = store.open(context.environment())) {
            if (source.list().stream().noneMatch(e -> e.name().equals(name))) {
                throw new ParameterException(spec.commandLine(), "NAME: there is no backup named " + name + " at "
                        + source.location(name) + "; kvsctl backup list shows the backups there");
            }
            PlaygroundSpec playground = new PlaygroundSpec(PlaygroundCommand.NAME, shape,
                    ClusterOptions.portLayout(spec, portBase, shape), Optional.of(new PlaygroundSpec.RestoreFrom(source, name)));
            return PlaygroundCommand.run(context, spec, playground, dir, exitAfter);
        }
    }
}
