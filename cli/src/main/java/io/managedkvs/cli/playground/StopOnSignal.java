package io.managedkvs.cli.playground;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stops what a command started when the JVM is asked to exit (Ctrl-C's SIGINT, or SIGTERM), also
 * while the playground is still starting. A shutdown hook marks the stop as requested, tells the
 * playground to start nothing more (or, for a benchmark, kills it at once), and waits until the
 * command has cleaned up: the JVM exits only after that, or after {@link #WAIT_SECONDS}.
 */
public final class StopOnSignal implements AutoCloseable {

    static final long WAIT_SECONDS = 60;

    private final boolean killAtOnce;
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final AtomicReference<Stoppable> playground = new AtomicReference<>();
    private final Thread hook;

    /**
     * @param killAtOnce kill the playground from the hook (a benchmark, whose work is lost anyway)
     *                   rather than let the command stop it gracefully
     */
    public StopOnSignal(boolean killAtOnce) {
        this.killAtOnce = killAtOnce;
        this.hook = new Thread(this::onSignal, "kvsctl-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void onSignal() {
        requested.countDown();
        Stoppable p = playground.get();
        if (p != null) {
            if (killAtOnce) {
                p.close();
            } else {
                p.beginStop();
            }
        }
        try {
            cleanedUp.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The playground to stop, once it runs. */
    public void watch(Stoppable p) {
        playground.set(p);
        if (requested() && killAtOnce) {
            p.close();
        }
    }

    /** What a signal stops: told to start nothing more, or killed at once. */
    public interface Stoppable {
        /** No process is started again from now on. */
        void beginStop();

        /** Kills everything at once. */
        void close();
    }

    public boolean requested() {
        return requested.getCount() == 0;
    }

    /** Waits for a stop to be requested, at most {@code seconds} (null: without limit). */
    public void await(Integer seconds) throws InterruptedException {
        if (seconds == null) {
            requested.await();
        } else {
            requested.await(seconds, TimeUnit.SECONDS);
        }
    }

    /** The command has cleaned up: the hook may let the JVM exit, or is not needed any more. */
    @Override
    public void close() {
        cleanedUp.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs and returns now that the latch is down.
        }
    }
}
