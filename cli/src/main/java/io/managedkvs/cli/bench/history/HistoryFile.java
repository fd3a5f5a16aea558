package io.managedkvs.cli.bench.history;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A history file: one {@link HistoryOp} line per operation, appended as operations complete. */
public final class HistoryFile implements AutoCloseable {

    private final BufferedWriter out;
    private long lines;

    public HistoryFile(Path path) {
        try {
            this.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    public synchronized void append(HistoryOp op) {
        try {
            out.write(op.line());
            out.write('\n');
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized long lines() {
        return lines;
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every operation of a history file; the error names the line. */
    public static List<HistoryOp> read(Path path) {
        List<HistoryOp> ops = new ArrayList<>();
        try (var lines = Files.lines(path, StandardCharsets.UTF_8)) {
            int[] n = {0};
            lines.forEachOrdered(l -> {
                n[0]++;
                if (!l.isEmpty()) {
                    try {
                        ops.add(HistoryOp.parse(l));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(path + " line " + n[0] + ": " + e.getMessage(), e);
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        return ops;
    }
}
