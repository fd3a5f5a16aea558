package io.managedkvs.cli.bench;

import io.managedkvs.cli.CliFailure;
import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.playground.ClusterOptions;
import io.managedkvs.cli.playground.ClusterShape;
import io.managedkvs.cli.playground.Playground;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "upgrade", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Rolls every member under writes; reports failovers and outage.",
        description = {
            // One string per paragraph: picocli wraps them to the terminal's width. The sample line fits 80 columns.
            "Starts a playground, writes continuously through its read-write address, and rolls every member through the"
                + " engine's rolling-update path: a restart-required redis.conf change (databases 16 -> 32), which restarts"
                + " members exactly as a version change does (replicas first, one controlled failover, then the old"
                + " primary). Prints one line:",
            "  upgrade engine=E failovers=.. unavailability_ms=.. lost_acked_writes=..",
            "failovers counts Sentinel's +switch-master events; unavailability_ms is the longest time without an"
                + " acknowledged write while the rollout ran."},
        footer = {"", "Example:", "  kvsctl bench upgrade --engine redis-sentinel"})
public final class UpgradeBenchCommand implements Callable<Integer> {

    /** A restart-required directive: changing it rolls the members like a new version. */
    static final Map<String, String> CHANGE = Map.of("databases", "32");
    private static final Duration ROLLOUT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SETTLE_AFTER = Duration.ofMillis(1500);

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    BenchOptions bench;

    public UpgradeBenchCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ClusterShape shape = cluster.validate(spec, context.environment());
        try (BenchRun run = BenchRun.start(context, spec, bench, shape, "bench")) {
            Playground p = run.playground();
            run.startWriting();
            long failoversBefore = p.failoversSeen();
            p.changeRestartConfig(CHANGE);
            long from = System.nanoTime();
            run.events().note("rolling update: databases 16 -> 32, a restart-required directive; the engine restarts the"
                    + " members one at a time");
            p.awaitReconciled(from, r -> r.settled() && r.upToDate(), ROLLOUT_TIMEOUT, "the rolling update");
            long to = System.nanoTime();
            run.events().note("rolling update done in " + FailoverReport.millis(to - from) + " ms");
            // Late events still count, and the writer shows it reaches the new primary.
            BenchRun.pause(SETTLE_AFTER);
            long failovers = p.failoversSeen() - failoversBefore;
            BenchRun.Finished finished = run.finish();
            long unavailable = Unavailability.longestGap(finished.log(), from, to)
                    .orElseThrow(() -> new CliFailure("no acknowledged write around the rolling update"));
            UpgradeReport report = new UpgradeReport(shape.engine().id(), failovers, unavailable, finished.lostAckedWrites());
            spec.commandLine().getOut().println(report.line());
            spec.commandLine().getOut().flush();
            run.succeeded();
        }
        return 0;
    }
}
