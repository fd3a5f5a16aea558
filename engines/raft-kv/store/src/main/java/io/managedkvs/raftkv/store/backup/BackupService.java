package io.managedkvs.raftkv.store.backup;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.managedkvs.raftkv.proto.backup.BackupGrpc;
import io.managedkvs.raftkv.proto.backup.BackupRegionChunk;
import io.managedkvs.raftkv.proto.backup.BackupRegionHeader;
import io.managedkvs.raftkv.proto.backup.BackupRegionRequest;
import io.managedkvs.raftkv.proto.kv.RegionError;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.store.engine.ByteKeys;
import io.managedkvs.raftkv.store.engine.ColumnFamily;
import io.managedkvs.raftkv.store.engine.EngineView;
import io.managedkvs.raftkv.store.raftstore.Keys;
import io.managedkvs.raftkv.store.raftstore.PeerMsg;
import io.managedkvs.raftkv.store.raftstore.RaftStore;
import io.managedkvs.raftkv.store.raftstore.ReadCallback;
import io.managedkvs.raftkv.store.raftstore.RegionErrors;
import io.managedkvs.raftkv.store.raftstore.RegionPeer;
import io.managedkvs.raftkv.store.raftstore.RegionRange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Backs up one region at a time for a backup tool: waits for a ReadIndex barrier on the region's
 * leader (the same confirmation a linearizable read waits for, so the leader's applied index is at or
 * past it), takes a RocksDB snapshot, checks the peer is still the leader of the same region shape,
 * writes the requested part of its range as an SST file and streams it in chunks, reading the next
 * chunk only when the caller's flow-control window has room. Exports run on one thread of their own
 * with a bounded queue, never on gRPC or poller threads; when the queue is full the caller is told
 * the store is busy.
 */
public final class BackupService extends BackupGrpc.BackupImplBase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BackupService.class.getName());
    static final int DEFAULT_CHUNK = 1 << 20;
    static final int MAX_CHUNK = 4 << 20;
    private static final long BUSY_BACKOFF_MS = 200;

    private final RaftStore store;
    private final Path spool;
    private final ExecutorService exports;
    private final AtomicLong files = new AtomicLong();

    /** @param spool where SST files wait while they are streamed; emptied now, as leftovers belong to no call */
    public BackupService(RaftStore store, Path spool) throws IOException {
        this.store = store;
        this.spool = spool;
        Files.createDirectories(spool);
        try (var old = Files.list(spool)) {
            for (Path p : old.toList()) {
                Files.deleteIfExists(p);
            }
        }
        this.exports = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16), r -> {
            Thread t = new Thread(r, "backup-export");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void backupRegion(BackupRegionRequest req, StreamObserver<BackupRegionChunk> responses) {
        ServerCallStreamObserver<BackupRegionChunk> out = (ServerCallStreamObserver<BackupRegionChunk>) responses;
        if (req.getContext().getRegionId() == 0) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("context.region_id: must be set").asRuntimeException());
            return;
        }
        if (req.getChunkBytes() > MAX_CHUNK) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("chunk_bytes: " + req.getChunkBytes()
                    + " is over the limit of " + MAX_CHUNK).asRuntimeException());
            return;
        }
        // gRPC takes the call's handlers only before this method returns.
        ChunkPump pump = new ChunkPump(req.getChunkBytes() == 0 ? DEFAULT_CHUNK : req.getChunkBytes(), out, exports);
        long regionId = req.getContext().getRegionId();
        RegionPeer peer = store.region(regionId);
        RegionError refused = check(peer, req, null);
        if (refused != null) {
            answer(out, refused);
            return;
        }
        boolean queued = peer.offer(new PeerMsg.Read(new ReadCallback() {
            @Override
            public void ready(Region region) {
                try {
                    exports.execute(() -> export(peer, req, out, pump));
                } catch (RejectedExecutionException e) {
                    answer(out, RegionErrors.busy("the store is exporting other regions", BUSY_BACKOFF_MS));
                }
            }

            @Override
            public void failed(RegionError error) {
                answer(out, error);
            }
        }));
        if (!queued) {
            answer(out, RegionErrors.busy("region " + regionId + " has too many queued requests", BUSY_BACKOFF_MS));
        }
    }

    /** What refutes the request against the peer's state now, or null. */
    private static RegionError check(RegionPeer peer, BackupRegionRequest req, Region expected) {
        long regionId = req.getContext().getRegionId();
        if (peer == null || peer.isDestroyed()) {
            return RegionErrors.regionNotFound(regionId);
        }
        if (!peer.isLeader()) {
            return RegionErrors.notLeader(regionId, peer.leaderPeer());
        }
        Region region = peer.region();
        long version = expected != null ? expected.getEpoch().getVersion() : req.getContext().getRegionEpoch().getVersion();
        if (version != region.getEpoch().getVersion()) {
            return RegionErrors.epochNotMatch(regionId, List.of(region));
        }
        byte[] start = req.getStartKey().toByteArray();
        if (start.length > 0 && !RegionRange.contains(region, start)) {
            return RegionErrors.keyNotInRegion(start, region);
        }
        return null;
    }

    /** Runs on the export thread, after the barrier was confirmed. */
    private void export(RegionPeer peer, BackupRegionRequest req, ServerCallStreamObserver<BackupRegionChunk> out, ChunkPump pump) {
        if (out.isCancelled()) {
            return;
        }
        Region region = peer.region();
        long applied = peer.appliedIndex();
        Path file = spool.resolve("region-" + region.getId() + "-" + files.incrementAndGet() + ".sst");
        try (EngineView view = store.engine().view()) {
            // Taken after the barrier; the peer must still lead the same shape of region, or the
            // snapshot could miss a range it no longer holds (a split or a move under us).
            RegionError changed = check(peer, req, region);
            if (changed != null) {
                answer(out, changed);
                return;
            }
            byte[] start = req.getStartKey().isEmpty() ? region.getStartKey().toByteArray() : req.getStartKey().toByteArray();
            if (ByteKeys.compare(start, region.getStartKey().toByteArray()) < 0) {
                start = region.getStartKey().toByteArray();
            }
            long keys = view.export(ColumnFamily.DATA, Keys.dataKey(start), Keys.dataEnd(region.getEndKey().toByteArray()), file);
            long bytes = keys == 0 ? 0 : Files.size(file);
            out.onNext(BackupRegionChunk.newBuilder().setHeader(BackupRegionHeader.newBuilder().setRegion(region)
                    .setStartKey(ByteString.copyFrom(start)).setEndKey(region.getEndKey()).setAppliedIndex(applied)
                    .setKeyCount(keys).setFileBytes(bytes)).build());
            if (keys == 0) {
                out.onCompleted();
                return;
            }
            pump.start(file);
        } catch (IOException | RuntimeException e) {
            LOG.warning("backup of region " + region.getId() + " failed: " + e.getMessage());
            deleteQuietly(file);
            fail(out, e);
        }
    }

    private static void fail(ServerCallStreamObserver<BackupRegionChunk> out, Exception e) {
        try {
            out.onError(Status.INTERNAL.withDescription("backup export failed: " + e.getMessage()).asRuntimeException());
        } catch (RuntimeException alreadyClosed) {
            // The caller went away.
        }
    }

    private static void answer(StreamObserver<BackupRegionChunk> out, RegionError error) {
        try {
            out.onNext(BackupRegionChunk.newBuilder().setRegionError(error).build());
            out.onCompleted();
        } catch (RuntimeException cancelled) {
            // The caller went away: nothing to answer.
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warning("cannot delete " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        exports.shutdownNow();
    }

    /**
     * Sends a file in chunks while the call is ready for more; gRPC's onReady callback hands the
     * rest back to the export thread, so no thread waits on a slow caller and at most one chunk
     * per call is in memory beyond what flow control admits.
     */
    private static final class ChunkPump {
        private final int chunk;
        private final ServerCallStreamObserver<BackupRegionChunk> out;
        private final ExecutorService executor;
        private Path file;
        private InputStream in;
        private boolean done;

        ChunkPump(int chunk, ServerCallStreamObserver<BackupRegionChunk> out, ExecutorService executor) {
            this.chunk = chunk;
            this.out = out;
            this.executor = executor;
            out.setOnCancelHandler(() -> submit(this::finish));
            out.setOnReadyHandler(() -> submit(this::pump));
        }

        private void submit(Runnable task) {
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                // Shutting down: the call is cancelled with the server.
            }
        }

        synchronized void start(Path exported) throws IOException {
            file = exported;
            if (done) {
                deleteQuietly(file);
                return;
            }
            in = Files.newInputStream(file);
            pump();
        }

        private synchronized void pump() {
            if (done || in == null) {
                return;
            }
            try {
                while (out.isReady()) {
                    byte[] buf = in.readNBytes(chunk);
                    if (buf.length == 0) {
                        out.onCompleted();
                        finish();
                        return;
                    }
                    out.onNext(BackupRegionChunk.newBuilder().setData(ByteString.copyFrom(buf)).build());
                }
            } catch (IOException | RuntimeException e) {
                finish();
                fail(out, e);
            }
        }

        private synchronized void finish() {
            if (done) {
                return;
            }
            done = true;
            if (in != null) {
                try {
                    in.close();
                } catch (IOException e) {
                    LOG.fine(() -> "closing " + file + ": " + e.getMessage());
                }
            }
            if (file != null) {
                deleteQuietly(file);
            }
        }
    }
}
