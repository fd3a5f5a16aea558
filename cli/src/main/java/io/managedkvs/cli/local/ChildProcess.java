package io.managedkvs.cli.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A process kvsctl starts and owns: a command line, its output appended to a log file, a port it
 * listens on when ready. It can be started again after it exited, killed (SIGKILL), paused
 * (SIGSTOP) and resumed (SIGCONT), or stopped gracefully (SIGTERM).
 */
public final class ChildProcess {

    private final String name;
    private final List<String> command;
    private final Path log;
    private final int readyPort;
    private Process process;
    private volatile boolean paused;

    /**
     * @param readyPort a loopback port that accepts connections once the process is up
     */
    public ChildProcess(String name, List<String> command, Path log, int readyPort) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
        this.readyPort = readyPort;
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    /** Starts it; does not wait for it to listen. */
    public synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            process = pb.start();
            paused = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
        }
    }

    /** Waits until its port accepts connections; fails when it exits first. */
    public void awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Process p = current();
            if (p != null && !p.isAlive()) {
                throw new IllegalStateException(name + " exited with status " + p.exitValue() + " on start; see " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", readyPort), 200);
                return;
            } catch (IOException e) {
                sleep(20);
            }
        }
        throw new IllegalStateException(name + " did not listen on port " + readyPort + " within " + timeout.toMillis() + " ms; see " + log);
    }

    private synchronized Process current() {
        return process;
    }

    /** Completes when the current run exits. */
    public synchronized CompletableFuture<Process> onExit() {
        return process == null ? CompletableFuture.completedFuture(null) : process.onExit();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** SIGKILL, and waits until it is gone. */
    public void kill() {
        Process p = current();
        if (p != null) {
            p.destroyForcibly();
            waitFor(p, Duration.ofSeconds(10));
        }
    }

    /** SIGSTOP: it keeps its sockets but answers nothing. */
    public void pause() {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT. */
    public void resume() {
        signal("CONT");
        paused = false;
    }

    public boolean paused() {
        return paused;
    }

    /** SIGTERM (after SIGCONT if paused), then SIGKILL if it has not exited within {@code grace}. */
    public void stop(Duration grace) {
        Process p = current();
        if (p == null || !p.isAlive()) {
            return;
        }
        if (paused) {
            resume();
        }
        p.destroy();
        if (!waitFor(p, grace)) {
            p.destroyForcibly();
            waitFor(p, Duration.ofSeconds(10));
        }
    }

    private void signal(String signal) {
        long pid = pid();
        if (pid < 0) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send SIG" + signal + " to " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean waitFor(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
