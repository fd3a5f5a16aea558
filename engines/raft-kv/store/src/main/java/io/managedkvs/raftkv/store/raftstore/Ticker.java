package io.managedkvs.raftkv.store.raftstore;

import java.time.Duration;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * Gives every region its Raft ticks. It counts ticks by elapsed monotonic time, so a store that
 * stalled (a GC pause, a slow disk) catches up on the ticks it missed, as lease reads require.
 */
final class Ticker {

    private final Supplier<Collection<RegionPeer>> regions;
    private final long intervalNanos;
    private volatile Thread thread;

    Ticker(Supplier<Collection<RegionPeer>> regions, Duration interval) {
        this.regions = regions;
        this.intervalNanos = interval.toNanos();
    }

    void start(String name) {
        Thread t = new Thread(this::run, name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    void stop() {
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        long next = System.nanoTime() + intervalNanos;
        while (thread == Thread.currentThread()) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
            long now = System.nanoTime();
            int ticks = (int) Math.max(1, (now - next) / intervalNanos + 1);
            next += ticks * intervalNanos;
            for (RegionPeer p : regions.get()) {
                p.addTicks(ticks);
            }
        }
    }
}
