package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raftkv.store.engine.EngineBatch;
import io.managedkvs.raftkv.store.engine.StorageEngine;
import io.managedkvs.raftkv.store.metrics.StoreMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drives every region of the store with a few poller threads. A region with work sits once in a
 * shared queue; a poller takes up to {@link #MAX_ROUND} of them, feeds them their inputs, collects
 * all their Readys into one write batch, writes it with one fsync, sends their messages (one batch
 * per peer store), answers the requests their entries completed, and advances them. More regions
 * with work make bigger rounds, not more fsyncs: that is the group commit.
 */
public final class BatchSystem {

    private static final Logger LOG = Logger.getLogger(BatchSystem.class.getName());
    static final int MAX_ROUND = 256;
    /** How long a poller keeps busy regions before it puts them back in the shared queue. */
    private static final long HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** Flushes what a round queued for other stores; called by the poller after the write. */
    public interface Flusher {
        void flush();
    }

    private final LinkedBlockingQueue<RegionPeer> queue = new LinkedBlockingQueue<>();
    private final StorageEngine engine;
    private final StoreMetrics metrics;
    private final Flusher flusher;
    private final List<Thread> pollers = new ArrayList<>();
    private volatile boolean running;

    public BatchSystem(StorageEngine engine, StoreMetrics metrics, Flusher flusher) {
        this.engine = engine;
        this.metrics = metrics;
        this.flusher = flusher;
    }

    /** Queues a region that has work, unless it is queued or being polled already. Hot path. */
    void schedule(RegionPeer peer) {
        if (peer.scheduled.compareAndSet(false, true)) {
            queue.add(peer);
        }
    }

    public void start(int threads, String storeName) {
        running = true;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::pollLoop, "raftstore-" + storeName + "-" + i);
            t.setDaemon(true);
            pollers.add(t);
            t.start();
        }
    }

    public void stop() {
        running = false;
        for (Thread t : pollers) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        pollers.clear();
    }

    private void pollLoop() {
        List<RegionPeer> round = new ArrayList<>(MAX_ROUND);
        List<RegionPeer> withReady = new ArrayList<>(MAX_ROUND);
        PollContext ctx = new PollContext();
        long heldSince = System.nanoTime();
        try (EngineBatch batch = engine.newBatch()) {
            while (running) {
                if (round.isEmpty()) {
                    RegionPeer first = queue.poll(50, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    round.add(first);
                    heldSince = System.nanoTime();
                }
                queue.drainTo(round, MAX_ROUND - round.size());
                try {
                    runRound(round, withReady, batch, ctx);
                } catch (RuntimeException | Error e) {
                    // A failed write leaves Raft state unknown: stop rather than acknowledge anything more.
                    LOG.log(Level.SEVERE, "raftstore round failed; the store stops serving", e);
                    running = false;
                    throw e;
                }
                withReady.clear();
                boolean rebalance = System.nanoTime() - heldSince > HOLD_NANOS;
                releaseIdle(round, rebalance);
                if (rebalance) {
                    heldSince = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Keeps the regions that had a Ready this round and still have work in {@code round} for this
     * poller's next round, and releases the others (all of them when {@code all}). A busy region
     * thus stays on one poller instead of going through the shared queue after every round, which
     * woke the other poller each time and moved the region's state between cores; releasing all of
     * them every {@link #HOLD_NANOS} lets idle pollers take a share again. A region whose round
     * produced nothing is never kept, so nothing can make a poller spin on it.
     */
    private void releaseIdle(List<RegionPeer> round, boolean all) {
        int kept = 0;
        for (int i = 0; i < round.size(); i++) {
            RegionPeer p = round.get(i);
            boolean worked = p.hadReady;
            p.hadReady = false;
            boolean busy = !p.isDestroyed() && (p.hasPendingInput() || p.node().hasReady());
            if (busy && worked && !all) {
                round.set(kept++, p);
                continue;
            }
            p.scheduled.set(false);
            // Input that arrived while the region was scheduled did not queue it: queue it now.
            if (!p.isDestroyed() && (p.hasPendingInput() || p.node().hasReady())) {
                schedule(p);
            }
        }
        while (round.size() > kept) {
            round.remove(round.size() - 1);
        }
    }

    /** One round. Hot path: no allocation beyond what Raft and the commands produce. */
    private void runRound(List<RegionPeer> round, List<RegionPeer> withReady, EngineBatch batch, PollContext ctx) {
        boolean sync = false;
        for (RegionPeer p : round) {
            if (p.isDestroyed()) {
                continue;
            }
            p.handleInputs();
            if (p.collectReady(batch)) {
                p.hadReady = true;
                withReady.add(p);
                sync |= p.readyMustSync();
            }
        }
        for (RegionPeer p : withReady) {
            p.applyCommitted(batch, ctx);
        }
        if (!batch.isEmpty()) {
            long start = System.nanoTime();
            engine.write(batch, sync);
            metrics.appendLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            if (sync) {
                metrics.fsyncs.increment();
            }
            batch.clear();
        }
        for (RegionPeer p : withReady) {
            p.afterWrite(ctx);
        }
        flusher.flush();
        ctx.finish();
        metrics.rounds.increment();
    }

    public boolean isRunning() {
        return running;
    }
}
