package io.managedkvs.cli.bench;

import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.CliFailure;
import io.managedkvs.cli.playground.ClusterOptions;
import io.managedkvs.cli.playground.ClusterShape;
import io.managedkvs.cli.playground.EventLog;
import io.managedkvs.cli.playground.Playground;
import io.managedkvs.cli.playground.PlaygroundSpec;
import io.managedkvs.cli.playground.PlaygroundStarter;
import io.managedkvs.cli.playground.StopOnSignal;
import io.managedkvs.redis.actuator.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;
import redis.clients.jedis.Jedis;

/**
 * A benchmark's playground with a writer through its read-write address. Progress goes to standard
 * error, so that standard output carries only the benchmark's result line.
 */
final class BenchRun implements AutoCloseable {

    static final String KEY_PREFIX = "key:";
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration WARM_UP = Duration.ofSeconds(1);
    private static final Duration FIRST_WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final Playground playground;
    private final EventLog events;
    private final Path dir;
    private final boolean temporaryDir;
    private final AckedWriter writer;
    private final StopOnSignal stop;
    private boolean succeeded;

    private BenchRun(Playground playground, EventLog events, Path dir, boolean temporaryDir, StopOnSignal stop) {
        this.playground = playground;
        this.stop = stop;
        this.events = events;
        this.dir = dir;
        this.temporaryDir = temporaryDir;
        this.writer = AckedWriter.redis(playground.readWriteAddress(), playground.spec().shape().password(), KEY_PREFIX, CLIENT_TIMEOUT);
    }

    /** Checks the options and starts the playground; the command has validated the shape. */
    static BenchRun start(CliContext context, CommandSpec command, BenchOptions options, ClusterShape shape, String name) {
        PlaygroundSpec spec = new PlaygroundSpec(name, shape, ClusterOptions.portLayout(command, options.portBase, shape));
        EventLog events = new EventLog(command.commandLine().getErr(), Clock.systemDefaultZone());
        boolean temporary = options.dir == null;
        Path dir;
        try {
            dir = temporary ? Files.createTempDirectory("kvsctl-bench-") : options.dir;
        } catch (IOException e) {
            throw new CliFailure("cannot create a temporary directory: " + e.getMessage(), e);
        }
        // A benchmark stopped by a signal is abandoned: its processes are killed at once.
        StopOnSignal stop = new StopOnSignal(true);
        Playground playground;
        try {
            playground = new PlaygroundStarter(context).start(command, spec, dir, events, stop);
        } catch (RuntimeException e) {
            stop.close();
            if (temporary) {
                deleteQuietly(dir);
            }
            throw e;
        }
        events.note("started " + shape.replicas() + " members and " + shape.sentinels() + " Sentinels (down-after-milliseconds "
                + shape.downAfterMs() + ") in " + playground.dir() + "; writing through " + playground.readWriteHostPort());
        return new BenchRun(playground, events, dir, temporary, stop);
    }

    Playground playground() {
        return playground;
    }

    EventLog events() {
        return events;
    }

    AckedWriter writer() {
        return writer;
    }

    /** Starts the writer and waits until writes are acknowledged steadily. */
    void startWriting() {
        writer.start();
        long start = System.nanoTime();
        awaitAckSentAfter(start, FIRST_WRITE_TIMEOUT, "the first acknowledged write through " + playground.readWriteHostPort());
        pause(WARM_UP);
    }

    void awaitAckSentAfter(long nanos, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!writer.ackedSentAfter(nanos)) {
            if (playground.stopping()) {
                throw new CliFailure("stopped before " + what);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new CliFailure(what + " did not happen within " + timeout.toSeconds() + " s (" + writer.failed()
                        + " writes failed so far; logs are in " + playground.dir() + ")");
            }
            pause(Duration.ofMillis(10));
        }
    }

    /** Stops the writer and counts the acknowledged writes the primary no longer has. */
    Finished finish() {
        AckLog log = writer.stop();
        Endpoint primary = playground.primaryBySentinel().orElseThrow(() -> new CliFailure("no Sentinel names a primary at the end"));
        long lost;
        try (Jedis jedis = playground.clients().open(primary)) {
            lost = LostWrites.count(log, KEY_PREFIX, jedis::mget);
        }
        events.note(log.size() + " writes acknowledged, " + writer.failed() + " failed or timed out; " + lost
                + " acknowledged writes missing on the primary " + primary.name());
        return new Finished(log, lost);
    }

    void succeeded() {
        succeeded = true;
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted", e);
        }
    }

    /** Kills everything; a temporary directory goes too when the run succeeded. */
    @Override
    public void close() {
        try {
            writer.close();
            playground.close();
            if (temporaryDir && succeeded) {
                deleteQuietly(dir);
            } else {
                events.note("configurations, data and logs are in " + dir);
            }
        } finally {
            stop.close();
        }
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // A temporary directory left behind is harmless.
        }
    }

    /** The acknowledged writes, and how many of them the primary lost. */
    record Finished(AckLog log, long lostAckedWrites) {
    }
}
