package io.managedkvs.raft.bench;

import io.managedkvs.raft.RaftConfig;
import io.managedkvs.raft.RaftNode;
import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.storage.MemoryStorage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a tick for a group with nothing to do, as a store pays it for thousands of groups:
 * 1,000 idle followers (learners, which never time out into an election) ticked and polled with
 * {@code hasReady()}. One operation is one group's tick and poll; run with {@code -prof gc} to see
 * that it allocates nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class IdleTickBenchmark {

    private static final int GROUPS = 1000;
    private RaftNode[] nodes;

    @Setup
    public void setUp() {
        nodes = new RaftNode[GROUPS];
        ConfState conf = ConfState.of(List.of(1L, 2L, 3L), List.of(4L));
        for (int i = 0; i < GROUPS; i++) {
            nodes[i] = new RaftNode(RaftConfig.defaults(4), new MemoryStorage(conf));
        }
    }

    @Benchmark
    @OperationsPerInvocation(GROUPS)
    public int tickAndPollIdleGroups() {
        int ready = 0;
        for (RaftNode n : nodes) {
            n.tick();
            if (n.hasReady()) {
                ready++;
            }
        }
        return ready;
    }
}
