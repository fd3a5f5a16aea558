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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A playground's directory, held for as long as the playground runs. A marker file says kvsctl owns
 * the directory, and a lock on it keeps a second playground out while one runs. The directory's
 * content belongs to one run: claiming it stops processes an earlier run left behind (it was killed
 * before it could stop them) and clears their files, so nothing of an earlier run confuses this one.
 */
public final class PlaygroundDir implements AutoCloseable {

    static final String MARKER = ".kvsctl-playground";
    static final String PROCESSES = "processes";
    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(10);

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private PlaygroundDir(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Claims {@code dir} for a new playground: creates it if needed, refuses one that holds other
     * files or is in use, stops what an earlier run left running and empties it.
     *
     * @param notes told what was cleaned up
     * @throws DirProblem naming what is wrong with the directory
     */
    public static PlaygroundDir claim(Path dir, Consumer<String> notes) {
        Path path = dir.toAbsolutePath().normalize();
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new DirProblem(path + " is not a directory");
        }
        if (Files.isDirectory(path) && !Files.exists(path.resolve(MARKER)) && !isEmpty(path)) {
            throw new DirProblem(path + " holds files that kvsctl did not create; choose a new or empty directory");
        }
        FileChannel channel;
        try {
            Files.createDirectories(path);
            channel = FileChannel.open(path.resolve(MARKER), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        } catch (IOException e) {
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
        PlaygroundDir claimed = new PlaygroundDir(path, channel, lock);
        try {
            claimed.stopLeftovers(notes);
            claimed.clear();
            claimed.writeMarker();
        } catch (RuntimeException e) {
            claimed.close();
            throw e;
        }
        return claimed;
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

    private void stopLeftovers(Consumer<String> notes) {
        List<ProcessHandle> leftovers = new ArrayList<>();
        for (RunningProcess p : recorded(path)) {
            ProcessHandle.of(p.pid()).filter(ProcessHandle::isAlive).filter(PlaygroundDir::isRedis).ifPresent(leftovers::add);
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

    /** Only processes that are Redis: a recorded pid may have been reused by something else since. */
    private static boolean isRedis(ProcessHandle h) {
        ProcessHandle.Info info = h.info();
        return info.command().map(c -> c.contains("redis")).orElse(false)
                || info.commandLine().map(c -> c.contains("redis")).orElse(false);
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

    /** Releases the directory; its files stay for a look at the logs. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel releases it too.
        }
        closeQuietly(channel);
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
