package io.managedkvs.raftkv.pd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** PdMain's options: defaults, and a one-line error naming the option for bad input. */
class PdMainOptionsTest {

    @TempDir
    Path dir;

    private PdMain parse(String... args) {
        PdMain main = new PdMain();
        new CommandLine(main).parseArgs(args);
        return main;
    }

    /** Runs PdMain as main() would, returning the exit code and what it printed on stderr. */
    private static String[] run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = PdMain.commandLine(new PdMain()).setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {String.valueOf(code), err.toString()};
    }

    @Test
    void defaultsFollowTheContract() {
        PdConfig c = parse("--id", "1", "--data-dir", dir.toString(), "--listen", "127.0.0.1:2379").config();
        assertThat(c.replicationFactor()).isEqualTo(3);
        assertThat(c.downStoreTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.members()).containsExactlyEntriesOf(new java.util.TreeMap<>(java.util.Map.of(1L, "127.0.0.1:2379")));
    }

    @Test
    void acceptsAClusterAndShortDurations() {
        PdConfig c = parse("--id", "2", "--data-dir", dir.toString(), "--initial-cluster", "1=a:1,2=b:2,3=c:3",
                "--down-store-timeout", "500ms", "--replication-factor", "1").config();
        assertThat(c.members()).hasSize(3).containsEntry(2L, "b:2");
        assertThat(c.downStoreTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(parse("--id", "1", "--data-dir", "d", "--down-store-timeout", "1h").config().downStoreTimeout()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void badInputNamesTheOptionOnOneLine() {
        assertBad(run("--data-dir", dir.toString()), "--id");
        assertBad(run("--id", "1", "--data-dir", dir.toString(), "--down-store-timeout", "soon"), "--down-store-timeout");
        assertBad(run("--id", "1", "--data-dir", dir.toString(), "--down-store-timeout", "0s"), "--down-store-timeout");
        assertBad(run("--id", "1", "--data-dir", dir.toString(), "--listen", "nohost"), "--listen");
        assertBad(run("--id", "4", "--data-dir", dir.toString(), "--initial-cluster", "1=a:1,2=b:2"), "--initial-cluster");
        assertBad(run("--id", "1", "--data-dir", dir.toString(), "--initial-cluster", "1=a:1,x=b:2"), "--initial-cluster");
        // Port 0 means "any free port" only where PD listens; an address others dial needs a real one.
        assertBad(run("--id", "1", "--data-dir", dir.toString(), "--initial-cluster", "1=a:0"), "--initial-cluster");
        assertBad(run("--id", "1", "--data-dir", dir.toString(), "--advertise", "a:0"), "--advertise");
        assertBad(run("--id", "1", "--data-dir", dir.toString(), "--replication-factor", "0"), "--replication-factor");
        assertBad(run("--id", "0", "--data-dir", dir.toString()), "--id");
        // A TLS directory without its files (an unmounted Secret) is refused before anything starts.
        assertBad(run("--id", "1", "--data-dir", dir.toString(), "--listen", "127.0.0.1:0", "--status-listen", "127.0.0.1:0",
                "--tls-dir", dir.resolve("no-tls").toString()), "--tls-dir");
        // Nothing was started or written for bad input.
        assertThat(dir.resolve("raft")).doesNotExist();
    }

    private static void assertBad(String[] result, String option) {
        assertThat(result[0]).isEqualTo("2");
        assertThat(result[1].strip()).contains(option).doesNotContain("\n");
    }
}
