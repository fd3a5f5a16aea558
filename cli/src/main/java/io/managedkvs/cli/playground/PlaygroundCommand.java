package io.managedkvs.cli.playground;

import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.Engine;
import io.managedkvs.cli.raftkv.RaftKvBanner;
import io.managedkvs.cli.raftkv.RaftKvLayout;
import io.managedkvs.cli.raftkv.RaftKvPlayground;
import io.managedkvs.cli.raftkv.RaftKvStarter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "playground", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Runs an engine on this machine as real processes.",
        description = {
            // One string per paragraph: picocli wraps them to the terminal's width.
            "Runs an engine on this machine as real processes, configured and bootstrapped by the engine's own code, and"
                + " prints its addresses. It stays in the foreground; Ctrl-C stops every process it started.",
            "For raft-kv (the default): a placement driver (PD) and N stores, each its own process, started again at once"
                + " when it exits, as the kubelet would. Connect with kvsctl get, put, scan (PD at 127.0.0.1:2379 by default).",
            "For redis-sentinel: redis-server members, redis-sentinel processes, and a read-write address that always"
                + " forwards to the primary. Needs redis-server and redis-sentinel on the PATH."},
        footer = {"", "Examples:", "  kvsctl playground", "  kvsctl playground --engine redis-sentinel --replicas 3 --sentinels 3",
            "  kvsctl playground --engine redis-sentinel --tls --password-file pw.txt",
            "", "Exit codes: 0 stopped after --exit-after, 1 failed (the message says why), 2 bad arguments (nothing was"
                + " started and the directory is left as it was), 130 stopped by Ctrl-C (SIGINT), 143 stopped by SIGTERM."})
public final class PlaygroundCommand implements Callable<Integer> {

    public static final String NAME = "playground";

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "playground",
            description = "Where configurations, data and logs go. Its content belongs to one run and is replaced when a"
                    + " playground starts there (default: ${DEFAULT-VALUE} in the current directory).")
    Path dir;

    @Option(names = "--port-base", paramLabel = "PORT",
            description = "raft-kv: PD listens on PORT, its status on the next, then each store on three more (gRPC, status,"
                    + " Redis protocol); default " + RaftKvLayout.DEFAULT_BASE + ". redis-sentinel: the read-write address listens on"
                    + " PORT, the members on the ports after it, then the Sentinels; default " + PortLayout.DEFAULT_BASE + ".")
    Integer portBase;

    @Option(names = "--tls",
            description = "Serve over TLS only, with a CA and certificates generated in DIR/tls for this run (one per member,"
                    + " and tls/client for kvsctl --tls-dir and redis-cli --tls); plain-text connections are refused. raft-kv:"
                    + " mutual TLS. redis-sentinel: members, replication and Sentinels over TLS; clients trust DIR/tls/ca.crt, and"
                    + " need the client certificate only without a password. The banner prints how to connect.")
    boolean tls;

    @Option(names = "--exit-after", paramLabel = "SECONDS",
            description = "Stop after SECONDS instead of waiting for Ctrl-C; for scripts and tests.")
    Integer exitAfter;

    public PlaygroundCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (cluster.engine() == Engine.RAFT_KV) {
            return runRaftKv();
        }
        ClusterShape shape = cluster.validate(spec, context.environment());
        PortLayout ports = ClusterOptions.portLayout(spec, portBase == null ? PortLayout.DEFAULT_BASE : portBase, shape);
        return run(context, spec, new PlaygroundSpec(NAME, shape, ports).withTls(tls), dir, exitAfter);
    }

    /**
     * Starts a redis-sentinel playground and keeps it in the foreground until Ctrl-C, SIGTERM or
     * {@code exitAfter} seconds: {@code playground}, and {@code backup restore} with a backup to start from.
     */
    public static int run(CliContext context, CommandSpec spec, PlaygroundSpec playgroundSpec, Path dir, Integer exitAfter) {
        checkExitAfter(spec, exitAfter);
        PrintWriter out = spec.commandLine().getOut();
        EventLog events = new EventLog(out, Clock.systemDefaultZone());
        try (StopOnSignal stop = new StopOnSignal(false)) {
            Playground playground = new PlaygroundStarter(context).start(spec, playgroundSpec, dir, events, stop);
            runInForeground(playground, stop, out, events, exitAfter);
        }
        return 0;
    }

    private static void checkExitAfter(CommandSpec spec, Integer exitAfter) {
        if (exitAfter != null && exitAfter < 1) {
            throw new ParameterException(spec.commandLine(), "--exit-after must be at least 1 second, was " + exitAfter);
        }
    }

    private Integer runRaftKv() {
        int stores = cluster.raftKvStores(spec);
        RaftKvLayout layout = RaftKvStarter.layout(spec, portBase == null ? RaftKvLayout.DEFAULT_BASE : portBase, stores);
        return runRaftKv(context, spec, layout, dir, exitAfter, RaftKvPlayground.Options.DEFAULT.withTls(tls), (playground, events) -> { });
    }

    /**
     * Starts a raft-kv playground, runs {@code afterStart} on it (a failure there stops it), and keeps it
     * in the foreground until Ctrl-C, SIGTERM or {@code exitAfter} seconds: {@code playground}, and
     * {@code backup restore} with the backup's loading as {@code afterStart}.
     */
    public static int runRaftKv(CliContext context, CommandSpec spec, RaftKvLayout layout, Path dir, Integer exitAfter,
                                RaftKvPlayground.Options options, BiConsumer<RaftKvPlayground, EventLog> afterStart) {
        checkExitAfter(spec, exitAfter);
        PrintWriter out = spec.commandLine().getOut();
        EventLog events = new EventLog(out, Clock.systemDefaultZone());
        try (StopOnSignal stop = new StopOnSignal(false)) {
            RaftKvStarter.Session session = RaftKvStarter.start(context, spec, layout, dir, events, stop, options);
            try {
                afterStart.accept(session.playground(), events);
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
            boolean interrupted = false;
            try {
                RaftKvBanner.print(session.playground(), out);
                stop.await(exitAfter);
            } catch (InterruptedException e) {
                interrupted = true;
            } finally {
                events.note("stopping the playground");
                session.stop();
                events.note("stopped; data and logs are in " + session.playground().dir());
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return 0;
    }

    /**
     * Waits for Ctrl-C (SIGINT), SIGTERM, {@code --exit-after} or an interrupt, then stops everything
     * gracefully before the shutdown hook lets the JVM exit.
     */
    private static void runInForeground(Playground playground, StopOnSignal stop, PrintWriter out, EventLog events, Integer exitAfter) {
        boolean interrupted = false;
        try {
            Banner.print(playground, out);
            stop.await(exitAfter);
        } catch (InterruptedException e) {
            interrupted = true; // stop as on Ctrl-C; the flag is set again once everything has stopped
        } finally {
            events.note("stopping the playground");
            playground.stop();
            events.note("stopped; configurations, data and logs are in " + playground.dir());
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
