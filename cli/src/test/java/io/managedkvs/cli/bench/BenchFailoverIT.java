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
            "^failover engine=redis-sentinel kills=1 median_ms=(\\d+) p99_ms=(\\d+) max_ms=(\\d+) lost_acked_writes=(\\d+)$");
    private static final Pattern SUMMARY = Pattern.compile(
            "(\\d+) writes acknowledged, (\\d+) failed or timed out; (\\d+) acknowledged writes missing on the primary (bench-redis-\\d)");
    private static final Pattern RECOVERED = Pattern.compile(
            "kill 1/1: recovered in \\d+ ms: (bench-redis-\\d) is the primary, bench-redis-0 is back as a replica in sync");

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
        assertThat(Long.parseLong(m.group(2))).as("one kill: p99 is it").isEqualTo(median);
        assertThat(Long.parseLong(m.group(3))).as("one kill: max is it").isEqualTo(median);
        // Writes cannot resume before Sentinel agrees the primary is down: a shorter outage would be a measuring error.
        assertThat(median).isGreaterThanOrEqualTo(1000);

        assertThat(run.err()).contains("kill 1/1: SIGKILL to the primary bench-redis-0").containsPattern("primary is now bench-redis-[12]");
        // Progress lines speak of what the user sees, never of the source code.
        assertThat(run.err()).doesNotContain("class comment");
        Matcher recovered = RECOVERED.matcher(run.err());
        assertThat(recovered.find()).as(run.err()).isTrue();
        assertThat(recovered.group(1)).as("another member took over").isIn("bench-redis-1", "bench-redis-2");
        // The lost count is read back from that new primary. Zero is not asserted: replication is asynchronous,
        // and a write the killed primary acknowledged in the microseconds before it had sent it on is lost.
        // What must hold is that the line and the read-back agree and that writes were acknowledged on both sides.
        Matcher summary = SUMMARY.matcher(run.err());
        assertThat(summary.find()).as(run.err()).isTrue();
        long acknowledged = Long.parseLong(summary.group(1));
        long lost = Long.parseLong(summary.group(3));
        assertThat(summary.group(4)).isEqualTo(recovered.group(1));
        assertThat(lost).as("the line reports what was read back").isEqualTo(Long.parseLong(m.group(4)));
        assertThat(acknowledged).as("writes were acknowledged before and after the kill").isGreaterThan(100);
        assertThat(lost).isLessThan(acknowledged);
        assertThat(PlaygroundDir.recorded(dir)).as("every process stopped").isEmpty();
    }
}
