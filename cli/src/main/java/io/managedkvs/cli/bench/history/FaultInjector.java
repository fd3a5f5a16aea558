package io.managedkvs.cli.bench.history;

import io.managedkvs.cli.local.ChildProcess;
import io.managedkvs.cli.raftkv.RaftKvPlayground;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Injects one fault at a time into the stores while clients run, with a quiet gap between faults:
 * SIGKILL (the playground starts the store again at once), SIGSTOP for a while then SIGCONT, or a
 * partition for a while (every connection to the store cut, new ones refused) then healed.
 */
final class FaultInjector implements Runnable {

    enum Fault { KILL, PAUSE, PARTITION }

    private static final long QUIET_MIN_MS = 2_000;
    private static final long QUIET_SPREAD_MS = 3_000;
    private static final long PAUSE_MIN_MS = 500;
    private static final long PAUSE_SPREAD_MS = 2_500;

    private final RaftKvPlayground cluster;
    private final List<ChildProcess> stores;
    private final List<Fault> faults;
    private final BooleanSupplier done;
    private final Consumer<String> events;
    private final SplittableRandom random;
    private int injected;

    FaultInjector(RaftKvPlayground cluster, List<Fault> faults, BooleanSupplier done, Consumer<String> events, long seed) {
        this.cluster = cluster;
        this.stores = cluster.stores();
        this.faults = faults;
        this.done = done;
        this.events = events;
        this.random = new SplittableRandom(seed);
    }

    int injected() {
        return injected;
    }

    @Override
    public void run() {
        while (sleep(QUIET_MIN_MS + random.nextLong(QUIET_SPREAD_MS))) {
            int index = random.nextInt(stores.size());
            ChildProcess store = stores.get(index);
            Fault fault = faults.get(random.nextInt(faults.size()));
            injected++;
            if (fault == Fault.KILL) {
                events.accept("fault " + injected + ": SIGKILL " + store.name() + " (pid " + store.pid() + ")");
                store.kill();
            } else if (fault == Fault.PARTITION) {
                long ms = PAUSE_MIN_MS + random.nextLong(PAUSE_SPREAD_MS);
                events.accept("fault " + injected + ": partition " + store.name() + " off for " + ms + " ms");
                cluster.partition(index);
                try {
                    sleep(ms);
                } finally {
                    cluster.heal(index);
                }
            } else {
                long ms = PAUSE_MIN_MS + random.nextLong(PAUSE_SPREAD_MS);
                events.accept("fault " + injected + ": SIGSTOP " + store.name() + " for " + ms + " ms");
                store.pause();
                try {
                    sleep(ms);
                } finally {
                    store.resume();
                }
            }
        }
    }

    /** Sleeps unless the run is over; returns whether it goes on. */
    private boolean sleep(long millis) {
        long deadline = System.nanoTime() + Duration.ofMillis(millis).toNanos();
        while (System.nanoTime() < deadline) {
            if (done.getAsBoolean()) {
                return false;
            }
            try {
                Thread.sleep(Math.min(50, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !done.getAsBoolean();
    }
}
