package io.managedkvs.cli.bench;

import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.CliFailure;
import io.managedkvs.cli.playground.EventLog;
import io.managedkvs.cli.playground.StopOnSignal;
import io.managedkvs.cli.raftkv.RaftKvLayout;
import io.managedkvs.cli.raftkv.RaftKvPlayground;
import io.managedkvs.cli.raftkv.RaftKvStarter;
import io.managedkvs.raftkv.client.ClientConfig;
import io.managedkvs.raftkv.client.RaftKvClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A benchmark's local raft-kv (PD and stores as processes) and a client of it. Progress goes to
 * standard error, so that standard output carries only the result lines; a signal kills everything.
 */
public final class RaftKvBenchRun implements AutoCloseable {

    private final RaftKvStarter.Session session;
    private final EventLog events;
    private final Path dir;
    private final boolean temporaryDir;
    private final StopOnSignal stop;
    private final RaftKvClient client;
    private boolean succeeded;

    private RaftKvBenchRun(RaftKvStarter.Session session, EventLog events, Path dir, boolean temporaryDir, StopOnSignal stop,
                           Duration callTimeout) {
        this.session = session;
        this.events = events;
        this.dir = dir;
        this.temporaryDir = temporaryDir;
        this.stop = stop;
        this.client = RaftKvClient.connect(ClientConfig.of(List.of(session.playground().pdEndpoint())).withCallTimeout(callTimeout));
    }

    /** Starts PD and {@code stores} stores in {@code --dir} (default: a new temporary directory). */
    public static RaftKvBenchRun start(CliContext context, CommandSpec command, BenchOptions options, int stores, Duration callTimeout) {
        return start(context, command, options, stores, callTimeout, RaftKvPlayground.Options.DEFAULT);
    }

    public static RaftKvBenchRun start(CliContext context, CommandSpec command, BenchOptions options, int stores, Duration callTimeout,
                                       RaftKvPlayground.Options storeOptions) {
        RaftKvLayout layout = RaftKvStarter.layout(command, options.portBase, stores);
        EventLog events = new EventLog(command.commandLine().getErr(), Clock.systemDefaultZone());
        boolean temporary = options.dir == null;
        Path dir;
        try {
            dir = temporary ? Files.createTempDirectory("kvsctl-bench-") : options.dir;
        } catch (IOException e) {
            throw new CliFailure("cannot create a temporary directory: " + e.getMessage(), e);
        }
        StopOnSignal stop = new StopOnSignal(true);
        try {
            RaftKvStarter.Session session = RaftKvStarter.start(context, command, layout, dir, events, stop, storeOptions);
            events.note("raft-kv: PD at " + layout.pdEndpoint() + " and " + stores + " stores running in " + dir);
            return new RaftKvBenchRun(session, events, dir, temporary, stop, callTimeout);
        } catch (RuntimeException e) {
            stop.close();
            if (temporary) {
                BenchRun.deleteQuietly(dir);
            }
            throw e;
        }
    }

    public RaftKvPlayground playground() {
        return session.playground();
    }

    public RaftKvClient client() {
        return client;
    }

    public EventLog events() {
        return events;
    }

    public boolean stopping() {
        return stop.requested();
    }

    public void succeeded() {
        succeeded = true;
    }

    /** Removes a directory and what it holds, quietly. */
    public static void deleteTree(Path dir) {
        BenchRun.deleteQuietly(dir);
    }

    /** Kills everything; a temporary directory goes too when the run succeeded. */
    @Override
    public void close() {
        try {
            client.close();
            session.close();
            if (temporaryDir && succeeded) {
                BenchRun.deleteQuietly(dir);
            } else {
                events.note("data and logs are in " + dir);
            }
        } finally {
            stop.close();
        }
    }
}
