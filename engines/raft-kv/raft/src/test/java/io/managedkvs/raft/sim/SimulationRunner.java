package io.managedkvs.raft.sim;

import io.managedkvs.raft.TestingBridge;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs many seeds. Seeds are independent and each is single-threaded and deterministic, so they
 * may run on several threads without changing any outcome.
 */
final class SimulationRunner {

    record Summary(long seeds, int steps, SimStats stats, List<Simulation.Result> failures) {
    }

    private SimulationRunner() {
    }

    static Summary run(long firstSeed, long count, int steps, TestingBridge.Bug bug, int threads, int stopAfterFailures) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Simulation.Result>> futures = new ArrayList<>();
            for (long s = firstSeed; s < firstSeed + count; s++) {
                long seed = s;
                futures.add(pool.submit(() -> new Simulation(seed, steps, bug, false).run()));
            }
            SimStats total = new SimStats();
            List<Simulation.Result> failures = new ArrayList<>();
            long ran = 0;
            for (Future<Simulation.Result> f : futures) {
                if (failures.size() >= stopAfterFailures) {
                    f.cancel(false);
                    continue;
                }
                Simulation.Result r = f.get();
                ran++;
                total.add(r.stats());
                if (r.violation() != null) {
                    failures.add(r);
                }
            }
            return new Summary(ran, steps, total, failures);
        } finally {
            pool.shutdownNow();
        }
    }
}
