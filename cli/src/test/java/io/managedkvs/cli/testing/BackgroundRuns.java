package io.managedkvs.cli.testing;

import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.playground.PlaygroundDir;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Commands that stay in the foreground (playgrounds, restores), started in the background for a test:
 * each is awaited until it serves, and on {@link #close} stopped as Ctrl-C would, then whatever process
 * it recorded and left behind is killed, even when the test failed.
 */
public final class BackgroundRuns implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration STOP = Duration.ofSeconds(60);

    private final List<CliRun> running = new ArrayList<>();
    private final List<PlaygroundDir.RunningProcess> seen = new ArrayList<>();

    /**
     * Runs kvsctl with {@code args} (and {@code --exit-after}, which only bounds a run whose test died),
     * and waits for its banner; {@code dir} is the playground directory it records its processes in.
     */
    public CliRun start(CliContext context, Path dir, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--exit-after", "600"));
        CliRun run = new CliRun(context).runInBackground(all.toArray(String[]::new));
        running.add(run);
        try {
            run.awaitOut("^Press Ctrl-C", STARTUP);
        } finally {
            seen.addAll(PlaygroundDir.recorded(dir));
        }
        return run;
    }

    /** Stops {@code run} as Ctrl-C would and returns its exit code. */
    public int stop(CliRun run) throws Exception {
        return run.stop(STOP);
    }

    @Override
    public void close() throws Exception {
        try {
            for (CliRun r : running) {
                if (!r.exited()) {
                    r.stop(STOP);
                }
            }
        } finally {
            seen.forEach(p -> p.handle().ifPresent(ProcessHandle::destroyForcibly));
        }
    }
}
