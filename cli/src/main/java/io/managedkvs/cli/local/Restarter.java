package io.managedkvs.cli.local;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Starts a process again the moment it exits, as the kubelet restarts a container (without its
 * growing back-off: a playground wants the process back at once). Watches each run's exit, so no
 * polling is involved.
 */
public final class Restarter implements AutoCloseable {

    private final List<ChildProcess> processes;
    private final Consumer<String> events;
    private final Consumer<ChildProcess> restarted;
    private final AtomicLong restarts = new AtomicLong();
    private volatile boolean stopping;

    /**
     * @param events    told what happened, as a line
     * @param restarted told of each process started again (to record its new pid)
     */
    public Restarter(List<ChildProcess> processes, Consumer<String> events, Consumer<ChildProcess> restarted) {
        this.processes = List.copyOf(processes);
        this.events = events;
        this.restarted = restarted;
    }

    /** Watches every process (each already started). */
    public Restarter start() {
        processes.forEach(this::watch);
        return this;
    }

    public long restarts() {
        return restarts.get();
    }

    private void watch(ChildProcess p) {
        p.onExit().thenRun(() -> {
            if (stopping) {
                return;
            }
            try {
                p.start();
                restarts.incrementAndGet();
                events.accept(p.name() + " exited; started again (pid " + p.pid() + ")");
                restarted.accept(p);
                watch(p);
            } catch (RuntimeException e) {
                events.accept(p.name() + " exited and could not be started again: " + e.getMessage());
            }
        });
    }

    /** No process is started again from now on. */
    @Override
    public void close() {
        stopping = true;
    }
}
