package io.managedkvs.cli.bench;

import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.CliFailure;
import io.managedkvs.cli.Engine;
import io.managedkvs.cli.playground.ClusterOptions;
import io.managedkvs.cli.playground.ClusterShape;
import io.managedkvs.cli.playground.Playground;
import io.managedkvs.redis.actuator.Endpoint;
import io.managedkvs.redis.config.SentinelSettings;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "failover", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Kills the writer under writes; reports outages and lost writes.",
        description = {
            // One string per paragraph: picocli wraps them to the terminal's width. The sample line fits 80 columns.
            "Starts a playground, writes continuously, kills the writer with SIGKILL N times, and prints one line. For"
                + " raft-kv: writes through the client, and the store leading the writes' region is killed (started again at once)."
                + " For redis-sentinel: writes through the read-write address, and the primary is killed (waiting after each kill"
                + " until Sentinel has failed over, the killed member is back as a replica in sync and writes flow again):",
            "  failover engine=E kills=N median_ms=T p99_ms=T max_ms=T lost_acked_writes=W",
            "The times T are write unavailability in milliseconds: from the last write acknowledged before a kill to the"
                + " first acknowledged after it. W counts acknowledged writes missing at the end."},
        footer = {"", "Examples:", "  kvsctl bench failover --engine raft-kv --kills 10",
            "  kvsctl bench failover --engine redis-sentinel --kills 10 --down-after-ms 1000"})
public final class FailoverBenchCommand implements Callable<Integer> {

    static final int MAX_KILLS = 1000;
    private static final Duration BETWEEN_KILLS = Duration.ofSeconds(1);

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--kills", required = true, paramLabel = "N", description = "How many times to kill the primary: 1 to 1000.")
    int kills;

    @Mixin
    BenchOptions bench;

    public FailoverBenchCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (cluster.engine() == Engine.RAFT_KV) {
            int stores = cluster.raftKvStores(spec);
            checkKills();
            FailoverReport report = RaftKvFailover.run(context, spec, bench, stores, kills);
            spec.commandLine().getOut().println(report.line());
            spec.commandLine().getOut().flush();
            return 0;
        }
        ClusterShape shape = cluster.validate(spec, context.environment());
        if (shape.replicas() < 2) {
            throw new ParameterException(spec.commandLine(), "--replicas must be at least 2 for a failover (a replica to promote), was "
                    + shape.replicas());
        }
        checkKills();
        // Sentinel takes down-after-milliseconds to agree, then elects and promotes; a restarted member resynchronises.
        Duration recoveryTimeout = Duration.ofMillis(2L * shape.downAfterMs() + SentinelSettings.DEFAULT_FAILOVER_TIMEOUT).plusSeconds(60);
        try (BenchRun run = BenchRun.start(context, spec, bench, shape, "bench")) {
            run.startWriting();
            long[] killedAt = new long[kills];
            for (int i = 0; i < kills; i++) {
                killedAt[i] = killAndRecover(run, i + 1, recoveryTimeout);
                BenchRun.pause(BETWEEN_KILLS);
            }
            BenchRun.Finished finished = run.finish();
            long[] unavailable = new long[kills];
            for (int i = 0; i < kills; i++) {
                OptionalLong gap = Unavailability.around(finished.log(), killedAt[i]);
                unavailable[i] = gap.orElseThrow(() -> new CliFailure("no acknowledged write on both sides of a kill"));
                run.events().note("kill " + (i + 1) + ": writes unavailable for " + FailoverReport.millis(unavailable[i]) + " ms");
            }
            FailoverReport report = new FailoverReport(shape.engine().id(), kills, Percentiles.of(unavailable), finished.lostAckedWrites());
            spec.commandLine().getOut().println(report.line());
            spec.commandLine().getOut().flush();
            run.succeeded();
        }
        return 0;
    }

    private void checkKills() {
        if (kills < 1 || kills > MAX_KILLS) {
            throw new ParameterException(spec.commandLine(), "--kills must be between 1 and " + MAX_KILLS + ", was " + kills);
        }
    }

    /**
     * Kills the primary Sentinel names and waits for the instance to recover; returns when the
     * primary was dead. Not when the signal was sent: a write sent in between may still have been
     * served, and would count as the first write after the kill.
     */
    private long killAndRecover(BenchRun run, int number, Duration timeout) {
        Playground p = run.playground();
        Endpoint primary = p.primaryBySentinel().orElseThrow(() -> new CliFailure("no Sentinel names a primary before kill " + number));
        long pid = p.pid(primary.name());
        p.kill(primary.name()); // returns once the process has exited
        long killedAt = System.nanoTime();
        run.events().note("kill " + number + "/" + kills + ": SIGKILL to the primary " + primary.name() + " (pid " + pid + ")");
        var recovered = p.awaitReconciled(killedAt, r -> r.settled() && r.primary().filter(n -> !n.equals(primary.name())).isPresent(),
                timeout, "recovery after kill " + number);
        run.awaitAckSentAfter(killedAt, timeout, "an acknowledged write after kill " + number);
        run.events().note("kill " + number + "/" + kills + ": recovered in " + FailoverReport.millis(System.nanoTime() - killedAt)
                + " ms: " + recovered.primary().orElseThrow() + " is the primary, " + primary.name()
                + " is back as a replica in sync");
        return killedAt;
    }
}
