package io.managedkvs.raftkv.store.kv;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The threads that serve confirmed reads, with a bounded queue: when it is full, callers get ServerIsBusy. */
public final class ReadPool implements AutoCloseable {

    private final ThreadPoolExecutor executor;

    public ReadPool(int threads, int queue) {
        executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, "kv-read");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs the task, or returns false if the queue is full. */
    boolean tryExecute(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
