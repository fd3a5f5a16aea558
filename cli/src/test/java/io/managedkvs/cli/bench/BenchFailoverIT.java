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

/** {@code kvsctl bench failover} end to end on real processes. */
class BenchFailoverIT {

    private static final Pattern LINE = Pattern.compile(
            "failover engine=redis-sentinel kills=1 median_ms=(\\d+) p99_ms=(\\d+) max_ms=(\\d+) lost_acked_writes=(\\d+)");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void killsThePrimaryWaitsForRecoveryAndPrintsOneResultLine() {
        CliRun run = new CliRun(CliContext.standard());

        int code = run.run("bench", "failover", "--engine", "redis-sentinel", "--kills", "1", "--down-after-ms", "1000",
                "--dir", dir.toString());

        assertThat(code).as(run.err()).isZero();
        String[] lines = run.out().split("\\R");
        assertThat(lines).as("standard output is the result line alone").hasSize(1);
        Matcher m = LINE.matcher(lines[0]);
        assertThat(m.matches()).as(lines[0]).isTrue();
        long median = Long.parseLong(m.group(1));
        assertThat(Long.parseLong(m.group(2))).isEqualTo(median);
        assertThat(Long.parseLong(m.group(3))).isEqualTo(median);
        // Writes cannot resume before Sentinel agrees the primary is down: a shorter outage would be a measuring error.
        assertThat(median).isGreaterThanOrEqualTo(1000);
        assertThat(Long.parseLong(m.group(4))).isGreaterThanOrEqualTo(0);

        assertThat(run.err()).contains("kill 1/1: SIGKILL to the primary bench-redis-0")
                .contains("kill 1/1: recovered in ")
                .contains("bench-redis-0 is back as a replica in sync")
                .containsPattern("primary is now bench-redis-[12]");
        assertThat(PlaygroundDir.recorded(dir)).as("every process stopped").isEmpty();
    }
}
