package io.managedkvs.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a downloaded file beside its target, checks it against the recorded SHA-256, and only then
 * moves it into place: a corrupted download never appears under the target's name.
 */
final class FetchedFile {

    private FetchedFile() {
    }

    static StoredFile verifyInto(InputStream data, String expectedSha256, Path target, String backup, String file) {
        Path temporary = target.resolveSibling(target.getFileName() + ".partial");
        String actual;
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            try (InputStream in = data; OutputStream out = Files.newOutputStream(temporary)) {
                actual = Checksums.copy(in, out);
            }
            if (!actual.equals(expectedSha256)) {
                Files.deleteIfExists(temporary);
                throw new BackupException.ChecksumMismatch("backup " + backup + " is corrupted: " + file + " has SHA-256 " + actual
                        + " but was stored with " + expectedSha256 + "; it is not restored");
            }
            long size = Files.size(temporary);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new StoredFile(file, size, actual);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // The original failure is what matters.
            }
            throw new UncheckedIOException("cannot fetch " + file + " of backup " + backup + " into " + target, e);
        }
    }
}
