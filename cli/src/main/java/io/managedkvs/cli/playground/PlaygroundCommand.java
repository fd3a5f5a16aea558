package io.managedkvs.cli.playground;

import io.managedkvs.cli.CliContext;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "playground", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs an engine on this machine as real processes, configured and bootstrapped by the engine's own code,",
            "and prints its addresses. It stays in the foreground; Ctrl-C stops every process it started.",
            "For redis-sentinel: redis-server members, redis-sentinel processes, and a read-write address that",
            "always forwards to the primary. Needs redis-server and redis-sentinel on the PATH."},
        footer = {"", "Example:", "  kvsctl playground --engine redis-sentinel --replicas 3 --sentinels 3",
            "", "Exit codes: 0 stopped, 1 failed (the message says why), 2 bad arguments (nothing was started)."})
public final class PlaygroundCommand implements Callable<Integer> {

    static final String NAME = "playground";
    private static final long STOP_WAIT_SECONDS = 60;

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "playground",
            description = "Where configurations, data and logs go. Its content belongs to one run and is replaced when a"
                    + " playground starts there (default: ${DEFAULT-VALUE} in the current directory).")
    Path dir;

    @Option(names = "--port-base", paramLabel = "PORT", defaultValue = "" + PortLayout.DEFAULT_BASE,
            description = "The read-write address listens on PORT, the members on the ports after it, then the Sentinels"
                    + " (default: ${DEFAULT-VALUE}).")
    int portBase;

    @Option(names = "--exit-after", paramLabel = "SECONDS",
            description = "Stop after SECONDS instead of waiting for Ctrl-C; for scripts and tests.")
    Integer exitAfter;

    public PlaygroundCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ClusterShape shape = cluster.validate(spec);
        PortLayout ports = ClusterOptions.portLayout(spec, portBase, shape);
        if (exitAfter != null && exitAfter < 1) {
            throw new ParameterException(spec.commandLine(), "--exit-after must be at least 1 second, was " + exitAfter);
        }
        PlaygroundSpec playgroundSpec = new PlaygroundSpec(NAME, shape, ports);
        PrintWriter out = spec.commandLine().getOut();
        EventLog events = new EventLog(out, Clock.systemDefaultZone());
        Playground playground = new PlaygroundStarter(context).start(spec, playgroundSpec, dir, events);
        return runInForeground(playground, out, events);
    }

    /**
     * Waits for Ctrl-C (SIGINT or SIGTERM run the shutdown hook), {@code --exit-after} or an interrupt,
     * then stops everything. The hook waits for the stop, so that the JVM does not exit first.
     */
    private int runInForeground(Playground playground, PrintWriter out, EventLog events) {
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            playground.beginStop();
            stopRequested.countDown();
            try {
                stopped.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kvsctl-playground-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean interrupted = false;
        try {
            Banner.print(playground, out);
            if (exitAfter == null) {
                stopRequested.await();
            } else {
                stopRequested.await(exitAfter, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            interrupted = true; // stop as on Ctrl-C; the flag is set again once everything has stopped
        } finally {
            events.note("stopping the playground");
            try {
                playground.stop();
                events.note("stopped; configurations, data and logs are in " + playground.dir());
            } finally {
                stopped.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // Already shutting down: the hook is running and waits for the countdown above.
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
