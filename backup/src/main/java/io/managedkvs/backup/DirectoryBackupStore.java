package io.managedkvs.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Backups in a directory: a mounted PersistentVolumeClaim in a cluster, any directory for the
 * playground. Files are written under a temporary name and renamed, so a reader never sees half a file.
 */
public final class DirectoryBackupStore implements BackupStore {

    private final Path root;

    public DirectoryBackupStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String location(String backup) {
        return root.resolve(BackupNames.check("backup name", backup)).toString();
    }

    @Override
    public StoredFile put(String backup, String file, Path source) {
        Path dir = root.resolve(BackupNames.check("backup name", backup));
        Path target = dir.resolve(BackupNames.check("file name", file));
        try {
            Files.createDirectories(dir);
            Path temporary = dir.resolve(file + ".partial");
            String sha256;
            try (InputStream in = Files.newInputStream(source); var out = Files.newOutputStream(temporary)) {
                sha256 = Checksums.copy(in, out);
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Path sum = dir.resolve(file + CHECKSUM_SUFFIX);
            Path sumTemporary = dir.resolve(file + CHECKSUM_SUFFIX + ".partial");
            Files.writeString(sumTemporary, Checksums.line(sha256, file));
            Files.move(sumTemporary, sum, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new StoredFile(file, Files.size(target), sha256);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + file + " of backup " + backup + " in " + dir, e);
        }
    }

    @Override
    public StoredFile fetch(String backup, String file, Path target) {
        Path dir = root.resolve(BackupNames.check("backup name", backup));
        Path data = dir.resolve(BackupNames.check("file name", file));
        if (!Files.isRegularFile(data)) {
            throw new BackupException.NotFound("backup " + backup + " has no " + file + " in " + root);
        }
        String expected;
        try {
            expected = Checksums.parse(Files.readString(dir.resolve(file + CHECKSUM_SUFFIX)), file, location(backup));
        } catch (NoSuchFileException e) {
            throw new BackupException.Incomplete("backup " + backup + " in " + root + " has no checksum for " + file
                    + ": it was not completely written; it is not restored");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checksum of " + file + " of backup " + backup, e);
        }
        try {
            return FetchedFile.verifyInto(Files.newInputStream(data), expected, target, backup, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + data, e);
        }
    }

    @Override
    public List<BackupEntry> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<BackupEntry> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path dir : dirs) {
                entry(dir).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        out.sort(Comparator.comparing(BackupEntry::time).thenComparing(BackupEntry::name));
        return out;
    }

    private static Optional<BackupEntry> entry(Path dir) throws IOException {
        List<StoredFile> files = new ArrayList<>();
        boolean complete = true;
        Instant newest = Instant.EPOCH;
        try (Stream<Path> children = Files.list(dir)) {
            for (Path f : children.filter(Files::isRegularFile).sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(CHECKSUM_SUFFIX) || name.endsWith(".partial")) {
                    continue;
                }
                Path sum = dir.resolve(name + CHECKSUM_SUFFIX);
                String sha = "";
                if (Files.isRegularFile(sum)) {
                    sha = Checksums.parse(Files.readString(sum), name, dir.toString());
                } else {
                    complete = false;
                }
                files.add(new StoredFile(name, Files.size(f), sha));
                Instant modified = Files.getLastModifiedTime(f).toInstant();
                newest = modified.isAfter(newest) ? modified : newest;
            }
        }
        if (files.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new BackupEntry(dir.getFileName().toString(), newest, files, complete));
    }

    @Override
    public void delete(String backup) {
        Path dir = root.resolve(BackupNames.check("backup name", backup));
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete backup " + backup + " in " + root, e);
        }
    }
}
