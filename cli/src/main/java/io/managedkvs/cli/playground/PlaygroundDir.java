package io.managedkvs.cli.playground;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A playground's directory, held for as long as the playground runs. A marker file says kvsctl owns
 * the directory, and a lock on it keeps a second playground out while one runs. The directory's
 * content belongs to one run: once every check before a start has passed, the new run stops
 * processes an earlier run left behind (it was killed before it could stop them) and clears their
 * files, so nothing of an earlier run confuses this one. Claiming alone changes nothing in it: a start
 * that is refused after the claim leaves the earlier run's data and logs where they were.
 */
public final class PlaygroundDir implements AutoCloseable {

    static final String MARKER = ".kvsctl-playground";
    static final String PROCESSES = "processes";
    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(10);

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    /** The highest directory the claim created, or null: removed again when the start is refused. */
    private final Path created;
    private final boolean markerCreated;
    private boolean cleared;

    private PlaygroundDir(Path path, FileChannel channel, FileLock lock, Path created, boolean markerCreated) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
        this.created = created;
        this.markerCreated = markerCreated;
    }

    /**
     * Claims {@code dir} for a new playground: creates it if needed, and refuses one that holds other
     * files or is in use. Nothing an earlier run left is stopped or removed yet: that is
     * {@link #stopLeftovers} and {@link #clearForNewRun}, once every other check has passed.
     * Closed before it was cleared, it removes what the claim created and nothing else.
     *
     * @throws DirProblem naming what is wrong with the directory
     */
    public static PlaygroundDir claim(Path dir) {
        Path path = dir.toAbsolutePath().normalize();
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new DirProblem(path + " is not a directory");
        }
        if (Files.isDirectory(path) && !Files.exists(path.resolve(MARKER)) && !isEmpty(path)) {
            throw new DirProblem(path + " holds files that kvsctl did not create; choose a new or empty directory");
        }
        Path created = highestMissing(path);
        boolean markerCreated = !Files.exists(path.resolve(MARKER));
        FileChannel channel;
        try {
            Files.createDirectories(path);
            channel = FileChannel.open(path.resolve(MARKER), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        } catch (IOException e) {
            removeCreated(path, markerCreated, created);
            throw new DirProblem(path + " is not writable (" + e + ")");
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new DirProblem(path + " is in use by a running playground; stop it first or choose another directory");
        }
        return new PlaygroundDir(path, channel, lock, created, markerCreated);
    }

    /**
     * The ports of processes an earlier run in this directory left running: they are stopped before
     * the new run starts, so that they do not count as ports in use by something else.
     */
    public Set<Integer> leftoverPorts() {
        Set<Integer> ports = new HashSet<>();
        for (RunningProcess p : recorded(path)) {
            if (ProcessHandle.of(p.pid()).filter(ProcessHandle::isAlive).filter(PlaygroundDir::isOurs).isPresent()) {
                ports.add(p.port());
            }
        }
        return ports;
    }

    /**
     * Empties the directory for the new run, keeping the marker: the point after which the earlier
     * run's data and logs are gone. Called once every check has passed.
     *
     * @throws DirProblem when it cannot be emptied
     */
    public void clearForNewRun() {
        clear();
        writeMarker();
        cleared = true;
    }

    public Path path() {
        return path;
    }

    /** Records the processes that run now, so that a later run can stop them if this one is killed. */
    public synchronized void recordProcesses(List<RunningProcess> processes) {
        StringBuilder out = new StringBuilder();
        for (RunningProcess p : processes) {
            out.append(p.pid()).append(' ').append(p.name()).append(' ').append(p.port()).append('\n');
        }
        try {
            Files.writeString(path.resolve(PROCESSES), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path.resolve(PROCESSES), e);
        }
    }

    /** The processes the last run recorded. */
    public static List<RunningProcess> recorded(Path dir) {
        Path file = dir.resolve(PROCESSES);
        if (!Files.exists(file)) {
            return List.of();
        }
        List<RunningProcess> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.trim().split(" ");
                if (f.length == 3) {
                    try {
                        out.add(new RunningProcess(f[1], Long.parseLong(f[0]), Integer.parseInt(f[2])));
                    } catch (NumberFormatException e) {
                        // A line torn by a run that was killed while writing it: skipped.
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return out;
    }

    /**
     * Stops the processes an earlier run in this directory left running (it was killed before
     * it could stop them), gracefully: they save their data first. Their files stay until
     * {@link #clearForNewRun}.
     *
     * @param notes told what was stopped
     */
    public void stopLeftovers(Consumer<String> notes) {
        List<ProcessHandle> leftovers = new ArrayList<>();
        for (RunningProcess p : recorded(path)) {
            ProcessHandle.of(p.pid()).filter(ProcessHandle::isAlive).filter(PlaygroundDir::isOurs).ifPresent(leftovers::add);
        }
        if (leftovers.isEmpty()) {
            return;
        }
        leftovers.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + LEFTOVER_GRACE.toNanos();
        for (ProcessHandle h : leftovers) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        notes.accept("Stopped " + leftovers.size() + " process(es) an earlier playground in " + path + " left running (pids "
                + String.join(", ", leftovers.stream().map(h -> Long.toString(h.pid())).toList()) + ")");
    }

    /**
     * Only processes a playground starts (Redis, or raft-kv's PD and stores): a recorded pid may have
     * been reused by something else since.
     */
    private static boolean isOurs(ProcessHandle h) {
        ProcessHandle.Info info = h.info();
        return info.command().map(c -> c.contains("redis")).orElse(false)
                || info.commandLine().map(c -> c.contains("redis") || c.contains("io.managedkvs.raftkv.")).orElse(false);
    }

    private void clear() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
            for (Path entry : entries) {
                if (!entry.getFileName().toString().equals(MARKER)) {
                    deleteRecursively(entry);
                }
            }
        } catch (IOException e) {
            throw new DirProblem("cannot clear " + path + " of an earlier playground's files (" + e + ")");
        }
    }

    private void writeMarker() {
        try {
            channel.truncate(0);
            channel.write(StandardCharsets.UTF_8.encode("A kvsctl playground; its content is replaced when one starts here.\n"
                    + "pid " + ProcessHandle.current().pid() + "\n"), 0);
        } catch (IOException e) {
            throw new DirProblem(path + " is not writable (" + e + ")");
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (Files.isDirectory(p) && !Files.isSymbolicLink(p)) {
            try (Stream<Path> walk = Files.walk(p)) {
                for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(q);
                }
            }
        } else {
            Files.delete(p);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        } catch (IOException e) {
            throw new DirProblem("cannot read " + dir + " (" + e + ")");
        }
    }

    /**
     * Releases the directory; its files stay for a look at the logs. Released before it was cleared
     * (the start was refused), it is left as it was before the claim.
     */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel releases it too.
        }
        closeQuietly(channel);
        if (!cleared) {
            removeCreated(path, markerCreated, created);
        }
    }

    /** The highest ancestor of {@code path} (or itself) that does not exist, or null when it exists. */
    private static Path highestMissing(Path path) {
        Path missing = null;
        for (Path p = path; p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /** Removes the marker and the directories a claim created, each only if it is still empty. */
    private static void removeCreated(Path path, boolean markerCreated, Path created) {
        try {
            if (markerCreated) {
                Files.deleteIfExists(path.resolve(MARKER));
            }
            if (created != null) {
                for (Path p = path; p != null && p.startsWith(created); p = p.getParent()) {
                    if (!isEmpty(p)) {
                        return;
                    }
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | DirProblem e) {
            // Left behind empty: harmless.
        }
    }

    private static void closeQuietly(FileChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // Nothing left to do.
        }
    }

    /** A process of a playground: its member name, pid and port. */
    public record RunningProcess(String name, long pid, int port) {
        public Optional<ProcessHandle> handle() {
            return ProcessHandle.of(pid);
        }
    }

    /** The directory cannot be used; the message says why. */
    public static final class DirProblem extends RuntimeException {
        public DirProblem(String message) {
            super(message);
        }
    }
}
