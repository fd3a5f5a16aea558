package io.managedkvs.raftkv.backup;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.managedkvs.api.backup.BackupReport;
import io.managedkvs.backup.BackupException;
import io.managedkvs.backup.BackupStore;
import io.managedkvs.backup.StoredFile;
import io.managedkvs.raftkv.client.RaftKvClient;
import io.managedkvs.raftkv.client.RaftKvException;
import io.managedkvs.raftkv.proto.backup.BackupManifest;
import io.managedkvs.raftkv.proto.backup.BackupPiece;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Restores a backup into a new raft-kv instance by writing every pair through Raft, so each replica
 * applies the same entries and stays identical to the others (see decision 0012). Nothing is written
 * before every file of the backup was fetched and matched its SHA-256 and the region map was found to
 * cover the key space exactly once; an instance that holds any key already is refused, so a restore
 * never mixes with data of its own.
 */
public final class RaftKvRestore {

    private RaftKvRestore() {
    }

    /** The backup's files, all fetched into {@code spool} and checked; what {@link #load} writes. */
    public record Verified(String name, BackupManifest manifest, List<Path> files, long bytes) {
    }

    /**
     * Fetches the region map and every region file into {@code spool}, each checked against its
     * checksum (and the map's own record of it), and checks that the pieces cover the key space once.
     *
     * @throws BackupException naming the file when one is missing, incomplete or corrupted
     */
    public static Verified verify(BackupStore source, String name, Path spool) throws IOException {
        Files.createDirectories(spool);
        Path manifestFile = spool.resolve(RaftKvBackup.MANIFEST);
        source.fetch(name, RaftKvBackup.MANIFEST, manifestFile);
        BackupManifest manifest;
        try {
            manifest = BackupManifest.parseFrom(Files.readAllBytes(manifestFile));
        } catch (InvalidProtocolBufferException e) {
            throw new BackupException("backup " + name + ": " + RaftKvBackup.MANIFEST + " is not a raft-kv region map: " + e.getMessage());
        }
        checkCoverage(name, manifest);
        List<Path> files = new ArrayList<>();
        long bytes = 0;
        for (BackupPiece p : manifest.getPiecesList()) {
            if (p.getFileName().isEmpty()) {
                continue;
            }
            Path target = spool.resolve(p.getFileName());
            StoredFile got = source.fetch(name, p.getFileName(), target);
            if (!got.sha256().equals(p.getSha256())) {
                throw new BackupException.ChecksumMismatch("backup " + name + ": " + p.getFileName() + " has SHA-256 " + got.sha256()
                        + " but the region map recorded " + p.getSha256());
            }
            files.add(target);
            bytes += got.size();
        }
        return new Verified(name, manifest, files, bytes);
    }

    /** Pieces in order, each starting where the previous ended, from the first key to the last. */
    static void checkCoverage(String name, BackupManifest manifest) {
        ByteString expected = ByteString.EMPTY;
        for (int i = 0; i < manifest.getPiecesCount(); i++) {
            BackupPiece p = manifest.getPieces(i);
            if (!p.getStartKey().equals(expected)) {
                throw new BackupException("backup " + name + ": region map piece " + i + " starts at '" + p.getStartKey().toStringUtf8()
                        + "', expected '" + expected.toStringUtf8() + "' (a gap or an overlap)");
            }
            if (p.getEndKey().isEmpty() && i != manifest.getPiecesCount() - 1) {
                throw new BackupException("backup " + name + ": region map piece " + i + " ends the key space but more follow");
            }
            expected = p.getEndKey();
        }
        if (manifest.getPiecesCount() == 0 || !expected.isEmpty()) {
            throw new BackupException("backup " + name + ": the region map does not reach the end of the key space");
        }
    }

    /**
     * Writes every pair of a verified backup into the instance behind {@code client}, keeping each
     * key's expiry (a key whose expiry passed is left out: it would be gone anyway).
     *
     * @return what was loaded
     */
    public static BackupReport load(Verified backup, RaftKvClient client, String location) {
        boolean empty;
        try {
            empty = client.scan(new byte[0], new byte[0], 1, true).isEmpty();
        } catch (RaftKvException e) {
            return BackupReport.failure("restore of " + backup.name() + " failed: the instance did not answer whether it is empty ("
                    + e.getMessage() + "); nothing was loaded");
        }
        if (!empty) {
            return BackupReport.failure("restore of " + backup.name() + " refused: the instance holds data already;"
                    + " a backup is restored into a new instance only");
        }
        try (SstPairs.Loader loader = new SstPairs.Loader(client)) {
            for (Path f : backup.files()) {
                SstPairs.read(f, loader);
            }
            loader.flush();
            return BackupReport.success(backup.bytes(), "", location,
                    loader.loaded() + " keys from " + backup.manifest().getPiecesCount() + " regions"
                            + (loader.expired() > 0 ? " (" + loader.expired() + " expired keys left out)" : ""));
        } catch (IOException | RaftKvException e) {
            return BackupReport.failure("restore of " + backup.name() + " failed after writing part of it: " + e.getMessage()
                    + "; delete the new instance and restore again");
        }
    }
}
