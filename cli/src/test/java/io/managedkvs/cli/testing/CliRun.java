package io.managedkvs.cli.testing;

import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.Kvsctl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One in-process run of kvsctl with its standard output and error captured. */
public final class CliRun {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CliContext context;
    private CompletableFuture<Integer> exit;
    private Thread thread;

    public CliRun(CliContext context) {
        this.context = context;
    }

    /** Runs to the end; returns the exit code. */
    public int run(String... args) {
        return Kvsctl.run(context, new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /** Runs on another thread, for commands that stay in the foreground. */
    public CliRun runInBackground(String... args) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        exit = done;
        thread = new Thread(() -> {
            try {
                done.complete(run(args));
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, "kvsctl-" + (args.length == 0 ? "" : args[0]));
        thread.start();
        return this;
    }

    /**
     * Stops a command running in the background as Ctrl-C would (its thread is interrupted: a
     * playground stops what it started, then returns) and waits for its exit code.
     */
    public int stop(Duration timeout) throws Exception {
        thread.interrupt();
        return awaitExit(timeout);
    }

    public int awaitExit(Duration timeout) throws Exception {
        return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean exited() {
        return exit.isDone();
    }

    public String out() {
        return out.toString();
    }

    public String err() {
        return err.toString();
    }

    /** Waits until standard output matches {@code regex}; returns the match, or fails with both outputs. */
    public Matcher awaitOut(String regex, Duration timeout) throws InterruptedException {
        Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            Matcher m = p.matcher(out());
            if (m.find()) {
                return m;
            }
            if (exit != null && exit.isDone()) {
                break;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no line matching " + regex + " within " + timeout + "\n--- out:\n" + out() + "\n--- err:\n" + err());
    }
}
