package io.managedkvs.raftkv.backup;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import io.managedkvs.api.backup.BackupReport;
import io.managedkvs.backup.BackupException;
import io.managedkvs.backup.BackupStore;
import io.managedkvs.backup.StoredFile;
import io.managedkvs.raftkv.client.ClientConfig;
import io.managedkvs.raftkv.client.PdClient;
import io.managedkvs.raftkv.client.RaftKvException;
import io.managedkvs.raftkv.proto.backup.BackupManifest;
import io.managedkvs.raftkv.proto.backup.BackupPiece;
import io.managedkvs.raftkv.proto.backup.BackupRegionHeader;
import io.managedkvs.raftkv.proto.kv.RegionError;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.pd.GetRegionResponse;
import io.managedkvs.raftkv.proto.pd.Timestamp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Takes a consistent backup of a whole raft-kv cluster. First a PD timestamp marks the start; then the
 * key space is walked by range: for the key where the last piece ended, PD names the region and its
 * leader, and that leader sends the region's part from that key on, cut behind a ReadIndex barrier
 * (see backup.proto). The next piece starts where this one ended, whatever the regions did meanwhile,
 * so a split or a move during the backup is retried by range and the pieces cover the key space
 * exactly once. Each piece's SST goes through {@link BackupStore#put} (with its checksum), and the
 * region map ({@value #MANIFEST}) last: a backup without it is incomplete.
 *
 * <p>The cut: every write acknowledged before the timestamp was taken is in the backup. A write
 * concurrent with the backup is in it or not per region, according to whether it was applied before
 * that region's barrier; the backup is not one atomic snapshot across regions.
 */
public final class RaftKvBackup {

    public static final String MANIFEST = "manifest.pb";
    private static final Logger LOG = Logger.getLogger(RaftKvBackup.class.getName());

    private final ClientConfig config;
    private final Duration pieceTimeout;

    public RaftKvBackup(ClientConfig config, Duration pieceTimeout) {
        this.config = config;
        this.pieceTimeout = pieceTimeout;
    }

    /** Takes backup {@code name} into {@code target}, spooling each region's file in {@code spool}. */
    public BackupReport take(BackupStore target, String name, Path spool) {
        try (PdClient pd = new PdClient(config);
             RegionFetcher fetcher = new RegionFetcher(config.channels(), pieceTimeout.toMillis())) {
            Files.createDirectories(spool);
            Timestamp ts = pd.timestamp();
            BackupManifest.Builder manifest = BackupManifest.newBuilder().setTimestampPhysicalMs(ts.getPhysicalMs())
                    .setTimestampLogical(ts.getLogical());
            long bytes = 0;
            ByteString cursor = ByteString.EMPTY;
            do {
                BackupPiece piece = piece(pd, fetcher, target, name, spool, cursor, manifest.getPiecesCount());
                manifest.addPieces(piece);
                bytes += piece.getFileBytes();
                cursor = piece.getEndKey();
            } while (!cursor.isEmpty());
            Path manifestFile = spool.resolve(name + "-" + MANIFEST);
            Files.write(manifestFile, manifest.build().toByteArray());
            StoredFile stored = target.put(name, MANIFEST, manifestFile);
            Files.deleteIfExists(manifestFile);
            long keys = manifest.getPiecesList().stream().mapToLong(BackupPiece::getKeyCount).sum();
            return BackupReport.success(bytes + stored.size(), stored.sha256(), target.location(name),
                    manifest.getPiecesCount() + " regions, " + keys + " keys, at PD timestamp " + ts.getPhysicalMs() + "." + ts.getLogical());
        } catch (IOException e) {
            return BackupReport.failure("backup " + name + " failed: " + e.getMessage());
        } catch (BackupException | RaftKvException | StatusRuntimeException e) {
            return BackupReport.failure("backup " + name + " failed: " + e.getMessage());
        }
    }

    /** The piece from {@code from} to the end of the region holding it, retried until a leader serves it. */
    private BackupPiece piece(PdClient pd, RegionFetcher fetcher, BackupStore target, String name, Path spool, ByteString from,
                              int index) throws IOException {
        long deadline = System.nanoTime() + pieceTimeout.toNanos();
        String last = "no attempt";
        Long leaderHint = null;
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            GetRegionResponse located = pd.region(from);
            Region region = located.getRegion();
            long storeId = leaderHint != null ? leaderHint : located.hasLeader() ? located.getLeader().getStoreId()
                    : region.getPeers(attempt % region.getPeersCount()).getStoreId();
            leaderHint = null;
            Path file = spool.resolve(String.format("%s-region-%05d.sst", name, index));
            try {
                RegionFetcher.Fetched got = fetcher.fetch(pd.store(storeId).getAddress(), region, from, file);
                if (got.error() == null) {
                    return store(target, name, index, got);
                }
                last = got.error().getMessage();
                leaderHint = leaderOf(got.error());
            } catch (StatusRuntimeException e) {
                last = e.getStatus().getCode() + " " + e.getStatus().getDescription();
            } finally {
                Files.deleteIfExists(file);
            }
            String why = last;
            LOG.fine(() -> "region at " + from.toStringUtf8() + ": " + why + "; asking again");
            if (leaderHint == null) {
                sleep(attempt);
            }
        }
        throw new IOException("no leader backed up the region holding key '" + from.toStringUtf8() + "' within "
                + pieceTimeout.toSeconds() + " s (last: " + last + ")");
    }

    private static BackupPiece store(BackupStore target, String name, int index, RegionFetcher.Fetched got) {
        BackupRegionHeader h = got.header();
        BackupPiece.Builder piece = BackupPiece.newBuilder().setStartKey(h.getStartKey()).setEndKey(h.getEndKey())
                .setRegion(h.getRegion()).setAppliedIndex(h.getAppliedIndex()).setKeyCount(h.getKeyCount());
        if (got.file() != null) {
            String fileName = String.format("region-%05d.sst", index);
            StoredFile stored = target.put(name, fileName, got.file());
            piece.setFileName(fileName).setFileBytes(stored.size()).setSha256(stored.sha256());
        }
        return piece.build();
    }

    /** The store a NotLeader error names as the leader, if it names one that is a peer of the region. */
    private static Long leaderOf(RegionError error) {
        if (!error.hasNotLeader() || !error.getNotLeader().hasLeader()) {
            return null;
        }
        Peer leader = error.getNotLeader().getLeader();
        return leader.getStoreId() == 0 ? null : leader.getStoreId();
    }

    private static void sleep(int attempt) {
        try {
            Thread.sleep(Math.min(1000, 50L << Math.min(attempt, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RaftKvException("interrupted while backing up");
        }
    }
}
