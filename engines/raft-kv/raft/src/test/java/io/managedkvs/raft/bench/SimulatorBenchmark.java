package io.managedkvs.raft.bench;

import io.managedkvs.raft.sim.SimulationEntryPoint;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Simulator seeds per second on one thread, at the step count CI uses. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class SimulatorBenchmark {

    @Param("1000")
    int steps;

    private long seed = 1_000_000;

    @Benchmark
    public String oneSeed() {
        String violation = SimulationEntryPoint.runSeed(seed++, steps);
        if (violation != null) {
            throw new IllegalStateException("seed " + (seed - 1) + ": " + violation);
        }
        return violation;
    }
}
