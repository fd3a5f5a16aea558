package io.managedkvs.raft.bench;

import io.managedkvs.raft.RaftConfig;
import io.managedkvs.raft.RaftNode;
import io.managedkvs.raft.Ready;
import io.managedkvs.raft.Role;
import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.message.Message;
import io.managedkvs.raft.storage.MemoryStorage;
import java.util.ArrayDeque;
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
 * A three-node group in memory, driven by one thread as a store's batch loop would: propose at the
 * leader, then handle Readys (persist into {@link MemoryStorage}, route messages, apply, advance)
 * until the proposals are applied at the leader. One operation is one committed proposal of 16
 * bytes; run with {@code -prof gc} for bytes allocated per committed proposal.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ClusterBenchmark {

    private static final int KEEP_ENTRIES = 1024;

    private final RaftNode[] nodes = new RaftNode[3];
    private final MemoryStorage[] storages = new MemoryStorage[3];
    @SuppressWarnings("unchecked")
    private final ArrayDeque<Message>[] inboxes = new ArrayDeque[] {new ArrayDeque<>(), new ArrayDeque<>(), new ArrayDeque<>()};
    private final byte[] payload = new byte[16];
    private ConfState conf;

    @Setup
    public void setUp() {
        conf = ConfState.ofVoters(1, 2, 3);
        for (int i = 0; i < 3; i++) {
            storages[i] = new MemoryStorage(conf);
            nodes[i] = new RaftNode(RaftConfig.defaults(i + 1), storages[i]);
        }
        nodes[0].campaign();
        pumpUntilApplied(2);
        if (nodes[0].role() != Role.LEADER) {
            throw new IllegalStateException("node 1 did not become leader");
        }
    }

    @Benchmark
    public long proposeOneAtATime() {
        long index = nodes[0].propose(payload).index();
        pumpUntilApplied(index);
        return index;
    }

    @Benchmark
    @OperationsPerInvocation(64)
    public long proposeBatchesOf64() {
        long index = 0;
        for (int i = 0; i < 64; i++) {
            index = nodes[0].propose(payload).index();
        }
        pumpUntilApplied(index);
        return index;
    }

    private void pumpUntilApplied(long index) {
        while (nodes[0].appliedIndex() < index) {
            for (int i = 0; i < 3; i++) {
                RaftNode n = nodes[i];
                if (n.hasReady()) {
                    handle(i, n.ready());
                    n.advance();
                    compactIfLong(i);
                }
            }
            for (int i = 0; i < 3; i++) {
                ArrayDeque<Message> inbox = inboxes[i];
                while (!inbox.isEmpty()) {
                    nodes[i].step(inbox.poll());
                }
            }
        }
    }

    private void handle(int i, Ready rd) {
        MemoryStorage s = storages[i];
        if (rd.snapshot() != null) {
            s.applySnapshot(rd.snapshot());
        }
        s.append(rd.entries());
        if (rd.hardState() != null) {
            s.setHardState(rd.hardState());
        }
        for (int k = 0; k < rd.messages().size(); k++) {
            Message m = rd.messages().get(k);
            inboxes[(int) m.to() - 1].add(m);
        }
    }

    private void compactIfLong(int i) {
        MemoryStorage s = storages[i];
        long applied = nodes[i].appliedIndex();
        if (applied - s.firstIndex() > 2 * KEEP_ENTRIES) {
            s.createSnapshot(applied - KEEP_ENTRIES, conf, payload);
            s.compact(applied - KEEP_ENTRIES);
        }
    }
}
