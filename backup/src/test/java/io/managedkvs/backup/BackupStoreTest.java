package io.managedkvs.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.managedkvs.backup.testing.LocalS3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The same behaviour from both stores: a directory, and an S3-compatible server in this process. */
class BackupStoreTest {

    private static LocalS3Server s3;
    private static int prefixes;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startS3() {
        s3 = LocalS3Server.start("backups");
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    static Stream<Arguments> stores() {
        Function<Path, BackupStore> directory = dir -> new DirectoryBackupStore(dir.resolve("store"));
        Function<Path, BackupStore> bucket = dir -> new S3BackupStore(s3.location("backups", "ns/cache-" + (++prefixes)));
        return Stream.of(Arguments.of("directory", directory), Arguments.of("s3", bucket));
    }

    private Path data(int bytes) throws IOException {
        byte[] content = new byte[bytes];
        new Random(bytes).nextBytes(content);
        Path file = Files.createTempFile(tmp, "data", ".bin");
        Files.write(file, content);
        return file;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aStoredFileComesBackByteForByteWithItsChecksum(String kind, Function<Path, BackupStore> factory) throws IOException {
        try (BackupStore store = factory.apply(tmp)) {
            Path source = data(300_000);
            StoredFile stored = store.put("cache-20261205-1200", "dump.rdb", source);
            assertThat(stored.size()).isEqualTo(300_000);
            assertThat(stored.sha256()).isEqualTo(Checksums.of(source));

            Path target = tmp.resolve("restore/dump.rdb");
            StoredFile fetched = store.fetch("cache-20261205-1200", "dump.rdb", target);
            assertThat(Files.readAllBytes(target)).isEqualTo(Files.readAllBytes(source));
            assertThat(fetched.sha256()).isEqualTo(stored.sha256());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void listsBackupsOldestFirstAndDeletesOne(String kind, Function<Path, BackupStore> factory) throws IOException {
        try (BackupStore store = factory.apply(tmp)) {
            store.put("b-1", "dump.rdb", data(10));
            store.put("b-2", "dump.rdb", data(20));
            assertThat(store.list()).extracting(BackupEntry::name).containsExactlyInAnyOrder("b-1", "b-2");
            assertThat(store.list()).allMatch(BackupEntry::complete);
            assertThat(store.list().stream().filter(e -> e.name().equals("b-2")).findFirst().orElseThrow().size()).isEqualTo(20);

            store.delete("b-1");
            store.delete("never-there");
            assertThat(store.list()).extracting(BackupEntry::name).containsExactly("b-2");
            assertThatExceptionOfType(BackupException.NotFound.class)
                    .isThrownBy(() -> store.fetch("b-1", "dump.rdb", tmp.resolve("x"))).withMessageContaining("b-1");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aFileThatDoesNotMatchItsChecksumIsRefusedAndNothingIsWritten(String kind, Function<Path, BackupStore> factory) throws IOException {
        try (BackupStore store = factory.apply(tmp)) {
            Path original = data(4096);
            StoredFile stored = store.put("b", "dump.rdb", original);
            // Corrupt it the way a bad disk or a tampered upload would: same name, other bytes, old checksum.
            Path corrupted = data(4096);
            byte[] bytes = Files.readAllBytes(original);
            bytes[100] ^= 0x01;
            Files.write(corrupted, bytes);
            overwriteData(store, "b", "dump.rdb", corrupted, stored.sha256());

            Path target = tmp.resolve("restore/dump.rdb");
            assertThatExceptionOfType(BackupException.ChecksumMismatch.class)
                    .isThrownBy(() -> store.fetch("b", "dump.rdb", target))
                    .withMessageContaining("backup b is corrupted").withMessageContaining(stored.sha256());
            assertThat(target).doesNotExist();
            assertThat(target.resolveSibling("dump.rdb.partial")).doesNotExist();
        }
    }

    /**
     * Replaces the data but keeps the old checksum: put the new bytes, then write the old checksum line
     * over the checksum file (stored as a file of that name, whose own checksum file does no harm).
     */
    private void overwriteData(BackupStore store, String backup, String file, Path bytes, String oldSha) throws IOException {
        store.put(backup, file, bytes);
        Path oldSum = Files.writeString(tmp.resolve("old-sum"), Checksums.line(oldSha, file));
        store.put(backup, file + BackupStore.CHECKSUM_SUFFIX, oldSum);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void badNamesAreRefusedBeforeAnythingIsWritten(String kind, Function<Path, BackupStore> factory) throws IOException {
        try (BackupStore store = factory.apply(tmp)) {
            Path source = data(1);
            assertThatIllegalArgumentException().isThrownBy(() -> store.put("../escape", "dump.rdb", source))
                    .withMessageContaining("backup name");
            assertThatIllegalArgumentException().isThrownBy(() -> store.put("ok", "a/b", source))
                    .withMessageContaining("file name");
            assertThat(store.list()).isEmpty();
        }
    }
}
