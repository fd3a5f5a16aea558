package io.managedkvs.cli.raftkv;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.bench.history.HistoryFile;
import io.managedkvs.cli.bench.history.HistoryOp;
import io.managedkvs.cli.bench.history.LinearizabilityChecker;
import io.managedkvs.cli.testing.CliRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** The raft-kv benchmarks, short: their result lines, and a history under faults that the checker accepts. */
class RaftKvBenchIT {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    @Test
    void aShortHistoryUnderKillsPausesAndPartitionsIsLinearizable() {
        Path out = tmp.resolve("history.tsv");
        CliRun run = new CliRun(CliContext.standard());

        int code = run.run("bench", "history", "--engine", "raft-kv", "--faults", "kill,pause,partition", "--seconds", "20", "--out", out.toString(),
                "--dir", tmp.resolve("run").toString());

        assertThat(code).as(run.err()).isZero();
        assertThat(run.out()).matches("history engine=raft-kv seconds=20 ops=\\d+ keys=3 faults=\\d+ violations=0 undecided=0\n");
        List<HistoryOp> history = HistoryFile.read(out);
        assertThat(history).anySatisfy(op -> assertThat(op.outcome()).isEqualTo(HistoryOp.Outcome.OK))
                .anySatisfy(op -> assertThat(op.f()).isEqualTo(HistoryOp.Fn.CAS));
        assertThat(new LinearizabilityChecker().check(history).linearizable()).isTrue();
    }

    @Test
    void failoverKillsTheLeaderAndLosesNoAcknowledgedWrite() {
        CliRun run = new CliRun(CliContext.standard());

        int code = run.run("bench", "failover", "--engine", "raft-kv", "--kills", "1", "--dir", tmp.resolve("run").toString());

        assertThat(code).as(run.err()).isZero();
        assertThat(run.out()).matches("failover engine=raft-kv kills=1 median_ms=\\d+ p99_ms=\\d+ max_ms=\\d+ lost_acked_writes=0\n");
        assertThat(run.err()).contains("SIGKILL to store-").contains("the leader of the writes' region");
    }

    @Test
    void ycsbPrintsBothEnginesAndTheirRatio() {
        CliRun run = new CliRun(CliContext.standard());

        int code = run.run("bench", "ycsb", "--engine", "raft-kv", "--workload", "b", "--vs", "etcd", "--records", "200", "--ops", "1000",
                "--threads", "4");

        assertThat(code).as(run.err()).isZero();
        assertThat(run.out()).matches("ycsb workload=b engine=raft-kv ops_s=\\d+ p50_ms=\\d+\\.\\d\\d p99_ms=\\d+\\.\\d\\d\n"
                + "ycsb workload=b engine=etcd ops_s=\\d+ p50_ms=\\d+\\.\\d\\d p99_ms=\\d+\\.\\d\\d\n"
                + "ratio workload=b raft-kv/etcd=\\d+\\.\\d\\d\n");
    }
}
