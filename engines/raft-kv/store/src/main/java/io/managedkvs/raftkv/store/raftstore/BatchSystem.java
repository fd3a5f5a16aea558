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
        try (EngineBatch batch = engine.newBatch()) {
            while (running) {
                RegionPeer first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                round.add(first);
                queue.drainTo(round, MAX_ROUND - 1);
                try {
                    runRound(round, withReady, batch, ctx);
                } catch (RuntimeException | Error e) {
                    // A failed write leaves Raft state unknown: stop rather than acknowledge anything more.
                    LOG.log(Level.SEVERE, "raftstore round failed; the store stops serving", e);
                    running = false;
                    throw e;
                }
                round.clear();
                withReady.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One round. Hot path: no allocation beyond what Raft and the commands produce. */
    private void runRound(List<RegionPeer> round, List<RegionPeer> withReady, EngineBatch batch, PollContext ctx) {
        boolean sync = false;
        for (RegionPeer p : round) {
            if (p.isDestroyed()) {
                continue;
            }
            p.handleInputs(batch);
            if (p.collectReady(batch)) {
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
        for (RegionPeer p : round) {
            p.scheduled.set(false);
            if (!p.isDestroyed() && (p.hasPendingInput() || p.node().hasReady())) {
                schedule(p);
            }
        }
    }

    public boolean isRunning() {
        return running;
    }
}
