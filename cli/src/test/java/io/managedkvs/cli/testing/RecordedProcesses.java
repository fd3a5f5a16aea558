package io.managedkvs.cli.testing;

import io.managedkvs.cli.playground.PlaygroundDir;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The processes that a test's playgrounds recorded in their directories. Registered with
 * {@code @RegisterExtension}, it kills every one still running after each test, even when the test
 * failed, so no redis-server, PD or store outlives it.
 */
public final class RecordedProcesses implements AfterEachCallback {

    private final List<PlaygroundDir.RunningProcess> seen = new ArrayList<>();

    /** Remembers the processes the playground in {@code dir} records now, and returns them. */
    public List<PlaygroundDir.RunningProcess> record(Path dir) {
        List<PlaygroundDir.RunningProcess> recorded = PlaygroundDir.recorded(dir);
        seen.addAll(recorded);
        return recorded;
    }

    /** Every process recorded so far, in the order they were recorded. */
    public List<PlaygroundDir.RunningProcess> all() {
        return List.copyOf(seen);
    }

    /** Kills (SIGKILL) each recorded process that still runs. */
    public void killAll() {
        seen.forEach(p -> p.handle().ifPresent(ProcessHandle::destroyForcibly));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        killAll();
    }
}
