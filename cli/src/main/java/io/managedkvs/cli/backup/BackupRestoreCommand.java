package io.managedkvs.cli.backup;

import io.managedkvs.api.backup.BackupReport;
import io.managedkvs.backup.BackupException;
import io.managedkvs.backup.BackupStore;
import io.managedkvs.backup.StoreOptions;
import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.CliFailure;
import io.managedkvs.cli.Engine;
import io.managedkvs.cli.raftkv.RaftKvLayout;
import io.managedkvs.cli.raftkv.RaftKvStarter;
import io.managedkvs.raftkv.backup.RaftKvRestore;
import io.managedkvs.raftkv.client.RaftKvClient;
import io.managedkvs.raftkv.client.TransportSecurity;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.stream.Stream;
import io.managedkvs.cli.playground.ClusterOptions;
import io.managedkvs.cli.playground.ClusterShape;
import io.managedkvs.cli.playground.PlaygroundCommand;
import io.managedkvs.cli.raftkv.RaftKvPlayground;
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
            "Starts a new playground of --engine (default raft-kv), as kvsctl playground does, with the backup NAME in it."
                + " Every file of the backup is checked against its SHA-256 first: a corrupted or incomplete backup is refused"
                + " and nothing is started. It stays in the foreground; Ctrl-C stops it.",
            "raft-kv: once the new instance serves, every pair of the backup is written through Raft (each key with what"
                + " is left of its time to live), so every replica holds the same data.",
            "redis-sentinel: the members load the backup's RDB before they start, as spec.restore does in a cluster."},
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
            description = "raft-kv: PD listens on PORT, the stores on the ports after it (default: " + RaftKvLayout.DEFAULT_BASE + ")."
                    + " redis-sentinel: the read-write address listens on PORT, the members and Sentinels on the ports after it"
                    + " (default: free ports).")
    Integer portBase;

    @Option(names = "--exit-after", paramLabel = "SECONDS", description = "Stop after SECONDS instead of waiting for Ctrl-C.")
    Integer exitAfter;

    @Option(names = "--tls", description = "The new playground serves TLS only, with certificates made for it, as kvsctl"
            + " playground --tls does (a backup restores either way). raft-kv loads the backup over mutual TLS with the"
            + " playground's client certificate (DIR/tls/client).")
    boolean tls;

    public BackupRestoreCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        BackupCommand.checkName(spec, name);
        if (cluster.engine() == Engine.RAFT_KV) {
            return raftKv();
        }
        ClusterShape shape = cluster.validate(spec, context.environment());
        try (BackupStore source = store.open(context.environment())) {
            refuseMissing(source);
            PlaygroundSpec playground = new PlaygroundSpec(PlaygroundCommand.NAME, shape,
                    ClusterOptions.portLayout(spec, portBase, shape), Optional.of(new PlaygroundSpec.RestoreFrom(source, name)), tls);
            return PlaygroundCommand.run(context, spec, playground, dir, exitAfter);
        }
    }

    /**
     * Checks every file of the backup first (nothing starts when one is missing or corrupted), then
     * starts a new raft-kv playground and writes the backup's pairs into it through Raft.
     */
    private int raftKv() {
        int stores = cluster.raftKvStores(spec);
        RaftKvLayout layout = RaftKvStarter.layout(spec, portBase == null ? RaftKvLayout.DEFAULT_BASE : portBase, stores);
        Path spool;
        try {
            spool = Files.createTempDirectory("kvsctl-restore-");
        } catch (IOException e) {
            throw new CliFailure("cannot create a directory to check the backup in: " + e.getMessage(), e);
        }
        try (BackupStore source = store.open(context.environment())) {
            refuseMissing(source);
            RaftKvRestore.Verified verified;
            try {
                verified = RaftKvRestore.verify(source, name, spool);
            } catch (BackupException e) {
                throw new CliFailure("backup " + name + " is corrupted or incomplete; nothing was started: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new CliFailure("cannot check backup " + name + ": " + e.getMessage() + "; nothing was started", e);
            }
            return PlaygroundCommand.runRaftKv(context, spec, layout, dir, exitAfter, RaftKvPlayground.Options.DEFAULT.withTls(tls),
                    (playground, events) -> {
                try (TransportSecurity security = playground.clientSecurity();
                     RaftKvClient client = RaftKvClient.connect(playground.clientConfig(security))) {
                    BackupReport report = RaftKvRestore.load(verified, client, source.location(name));
                    if (!report.succeeded()) {
                        throw new CliFailure(report.message());
                    }
                    events.note("loaded backup " + name + " from " + report.location() + ": " + report.source());
                }
            });
        } finally {
            deleteTree(spool);
        }
    }

    private void refuseMissing(BackupStore source) {
        if (source.list().stream().noneMatch(e -> e.name().equals(name))) {
            throw new ParameterException(spec.commandLine(), "NAME: there is no backup named " + name + " at "
                    + source.location(name) + "; kvsctl backup list shows the backups there");
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A temporary directory: the system cleans it in the end.
        }
    }
}
