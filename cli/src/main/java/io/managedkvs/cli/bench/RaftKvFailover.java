package io.managedkvs.cli.bench;

import com.google.protobuf.ByteString;
import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.CliFailure;
import io.managedkvs.cli.local.ChildProcess;
import io.managedkvs.raftkv.proto.pd.GetRegionResponse;
import java.time.Duration;
import java.util.OptionalLong;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bench failover} for raft-kv: one client writes continuously while the store leading the
 * writes' region is killed with SIGKILL N times (the playground starts it again at once, as the
 * kubelet would); write unavailability is timed around each kill, and every acknowledged write is
 * read back at the end.
 */
final class RaftKvFailover {

    static final String KEY_PREFIX = "key:";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration FIRST_WRITE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration BETWEEN_KILLS = Duration.ofSeconds(2);

    private RaftKvFailover() {
    }

    static FailoverReport run(CliContext context, CommandSpec command, BenchOptions options, int stores, int kills) {
        try (RaftKvBenchRun run = RaftKvBenchRun.start(context, command, options, stores, CALL_TIMEOUT)) {
            AckedWriter writer = new AckedWriter(() -> RaftKvWrites.sink(run.client()), KEY_PREFIX).start();
            try {
                awaitAckAfter(run, writer, System.nanoTime(), FIRST_WRITE_TIMEOUT, "the first acknowledged write");
                BenchRun.pause(Duration.ofSeconds(1));
                long[] killedAt = new long[kills];
                for (int i = 0; i < kills; i++) {
                    killedAt[i] = killLeader(run, writer, i + 1, kills);
                    BenchRun.pause(BETWEEN_KILLS);
                }
                AckLog log = writer.stop();
                long lost = LostWrites.count(log, KEY_PREFIX, keys -> RaftKvWrites.read(run.client(), keys));
                run.events().note(log.size() + " writes acknowledged, " + writer.failed() + " failed or of unknown outcome; " + lost
                        + " acknowledged writes missing");
                long[] unavailable = new long[kills];
                for (int i = 0; i < kills; i++) {
                    OptionalLong gap = Unavailability.around(log, killedAt[i]);
                    unavailable[i] = gap.orElseThrow(() -> new CliFailure("no acknowledged write on both sides of a kill"));
                    run.events().note("kill " + (i + 1) + ": writes unavailable for " + FailoverReport.millis(unavailable[i]) + " ms");
                }
                run.succeeded();
                return new FailoverReport("raft-kv", kills, Percentiles.of(unavailable), lost);
            } finally {
                writer.close();
            }
        }
    }

    /** Kills the store leading the writes' region; returns when it was dead, once writes flow again and it is back. */
    private static long killLeader(RaftKvBenchRun run, AckedWriter writer, int number, int kills) {
        ChildProcess leader = leaderOfWrites(run, number);
        long pid = leader.pid();
        leader.kill();
        long killedAt = System.nanoTime();
        run.events().note("kill " + number + "/" + kills + ": SIGKILL to " + leader.name() + " (pid " + pid + "), the leader of the"
                + " writes' region");
        awaitAckAfter(run, writer, killedAt, RECOVERY_TIMEOUT, "an acknowledged write after kill " + number);
        leader.awaitListening(RECOVERY_TIMEOUT);
        run.events().note("kill " + number + "/" + kills + ": writes flow again; " + leader.name() + " is back (pid " + leader.pid() + ")");
        return killedAt;
    }

    private static ChildProcess leaderOfWrites(RaftKvBenchRun run, int number) {
        long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            GetRegionResponse r = run.client().pd().region(ByteString.copyFromUtf8(KEY_PREFIX));
            if (r.hasLeader() && r.getLeader().getStoreId() != 0) {
                var process = run.playground().store(r.getLeader().getStoreId(), run.client().pd().stores());
                if (process.isPresent() && process.get().isAlive()) {
                    return process.get();
                }
            }
            BenchRun.pause(Duration.ofMillis(100));
        }
        throw new CliFailure("PD named no live leader for the writes' region before kill " + number);
    }

    private static void awaitAckAfter(RaftKvBenchRun run, AckedWriter writer, long nanos, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!writer.ackedSentAfter(nanos)) {
            if (run.stopping()) {
                throw new CliFailure("stopped before " + what);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new CliFailure(what + " did not happen within " + timeout.toSeconds() + " s (" + writer.failed()
                        + " writes failed so far)");
            }
            BenchRun.pause(Duration.ofMillis(10));
        }
    }
}
