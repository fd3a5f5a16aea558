package io.managedkvs.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.playground.PlaygroundDir;
import io.managedkvs.cli.testing.CliRun;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** {@code kvsctl bench upgrade}: the engine's rolling update under writes, end to end. */
class BenchUpgradeIT {

    private static final Pattern LINE = Pattern.compile(
            "upgrade engine=redis-sentinel failovers=(\\d+) unavailability_ms=(\\d+) lost_acked_writes=(\\d+)");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void rollsEveryMemberWithOneFailoverAndLosesNoAcknowledgedWrite() {
        CliRun run = new CliRun(CliContext.standard());

        int code = run.run("bench", "upgrade", "--engine", "redis-sentinel", "--dir", dir.toString());

        assertThat(code).as(run.err()).isZero();
        String[] lines = run.out().split("\\R");
        assertThat(lines).hasSize(1);
        Matcher m = LINE.matcher(lines[0]);
        assertThat(m.matches()).as(lines[0]).isTrue();
        assertThat(Long.parseLong(m.group(1))).as("failovers").isEqualTo(1);
        assertThat(Long.parseLong(m.group(2))).as("unavailability_ms").isPositive();
        assertThat(Long.parseLong(m.group(3))).as("lost_acked_writes: a controlled failover loses none").isZero();
        assertThat(run.err()).contains("primary is now bench-redis-").contains("rolling update done in");
        assertThat(PlaygroundDir.recorded(dir)).as("every process stopped").isEmpty();
    }
}
