package io.managedkvs.cli.testing;

import io.managedkvs.cli.CliContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Commands that stay in the foreground (playgrounds, restores), started in the background for a test:
 * each is awaited until it serves. Registered with {@code @RegisterExtension}, after each test it stops
 * every run still going as Ctrl-C would, then kills whatever process they recorded and left behind,
 * even when the test failed.
 */
public final class BackgroundRuns implements AfterEachCallback {

    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration STOP = Duration.ofSeconds(60);

    private final List<CliRun> running = new ArrayList<>();
    private final RecordedProcesses processes = new RecordedProcesses();

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
            processes.record(dir);
        }
        return run;
    }

    /** Stops {@code run} as Ctrl-C would and returns its exit code. */
    public int stop(CliRun run) throws Exception {
        return run.stop(STOP);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            for (CliRun r : running) {
                if (!r.exited()) {
                    r.stop(STOP);
                }
            }
        } finally {
            processes.killAll();
        }
    }
}
