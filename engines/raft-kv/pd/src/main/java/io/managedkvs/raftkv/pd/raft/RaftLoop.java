package io.managedkvs.raftkv.pd.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one thread that owns PD's state: it runs tasks (requests, messages from peers), ticks the
 * replica at a fixed interval, and after each batch of work does the replica's Ready. Everything
 * PD knows is touched only here, so nothing needs a lock. The queue is bounded: when it is full,
 * {@link #execute} refuses and callers answer "busy" rather than pile up memory.
 */
public final class RaftLoop implements Executor, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RaftLoop.class.getName());
    static final int QUEUE_CAPACITY = 10_000;
    private static final int BATCH = 256;

    private final BlockingQueue<Runnable> tasks = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final long tickNanos;
    private final Thread thread;
    private volatile boolean running = true;
    private RaftReplica replica;
    private Runnable onTick = () -> { };

    public RaftLoop(String name, long tickMillis) {
        this.tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMillis);
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    /** Starts driving {@code r}, calling {@code tickHook} after every tick. */
    public void start(RaftReplica r, Runnable tickHook) {
        this.replica = r;
        this.onTick = tickHook;
        thread.start();
    }

    /** Runs {@code task} on the loop thread. @throws RejectedExecutionException when the loop is full or stopped */
    @Override
    public void execute(Runnable task) {
        if (!running || !tasks.offer(task)) {
            throw new RejectedExecutionException(running ? "PD is busy: its request queue is full" : "PD is stopping");
        }
    }

    private void run() {
        long nextTick = System.nanoTime() + tickNanos;
        List<Runnable> batch = new ArrayList<>(BATCH);
        try {
            replica.processReady();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "PD loop could not start: " + e.getMessage(), e);
            running = false;
            return;
        }
        while (running) {
            try {
                Runnable first = tasks.poll(Math.max(0, nextTick - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (first != null) {
                    batch.add(first);
                    tasks.drainTo(batch, BATCH - 1);
                    // One Ready (one synced write) for the whole batch: proposals of many requests share it.
                    for (Runnable t : batch) {
                        runSafely(t);
                    }
                    batch.clear();
                }
                if (System.nanoTime() - nextTick >= 0) {
                    nextTick += tickNanos;
                    replica.tick();
                    runSafely(onTick);
                }
                replica.processReady();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The log could not be written, or the state machine is broken: going on could
                // promise what was not persisted. Stop serving; the process supervisor restarts us.
                LOG.log(Level.SEVERE, "PD loop stopped: " + e.getMessage(), e);
                running = false;
                return;
            }
        }
    }

    private static void runSafely(Runnable t) {
        try {
            t.run();
        } catch (RejectedExecutionException e) {
            throw e;
        } catch (RuntimeException e) {
            // A bad request must not stop PD: its own handler answered or will time out.
            LOG.log(Level.WARNING, "PD task failed: " + e, e);
        }
    }

    public boolean running() {
        return running;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
