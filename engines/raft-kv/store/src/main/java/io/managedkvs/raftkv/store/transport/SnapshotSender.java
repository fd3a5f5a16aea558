package io.managedkvs.raftkv.store.transport;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.transport.RaftMessage;
import io.managedkvs.raftkv.proto.transport.SnapshotChunk;
import io.managedkvs.raftkv.proto.transport.StoreTransportGrpc;
import io.managedkvs.raftkv.proto.transport.TransportDone;
import io.managedkvs.raftkv.store.engine.ColumnFamily;
import io.managedkvs.raftkv.store.metrics.StoreMetrics;
import io.managedkvs.raftkv.store.raftstore.Keys;
import io.managedkvs.raftkv.store.raftstore.SnapshotRegistry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Sends region snapshots: exports the region's data from the snapshot's engine view into an SST
 * file and streams it in 1 MiB chunks after the SNAPSHOT message. Runs on two threads of its own,
 * with a bounded queue: a snapshot that cannot be queued is reported failed and Raft retries.
 */
public final class SnapshotSender {

    private static final Logger LOG = Logger.getLogger(SnapshotSender.class.getName());
    private static final int CHUNK = 1 << 20;

    private final SnapshotRegistry registry;
    private final RaftClient client;
    private final Path dir;
    private final StoreMetrics metrics;
    private final AtomicLong sequence = new AtomicLong();
    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(64), r -> {
                Thread t = new Thread(r, "snapshot-sender");
                t.setDaemon(true);
                return t;
            });

    public SnapshotSender(SnapshotRegistry registry, RaftClient client, Path dir, StoreMetrics metrics) {
        this.registry = registry;
        this.client = client;
        this.dir = dir;
        this.metrics = metrics;
    }

    /** Sends the snapshot the header's message names; {@code report} hears whether it arrived. */
    public void send(RaftMessage header, long toStoreId, Consumer<Boolean> report) {
        try {
            executor.execute(() -> report.accept(sendNow(header, toStoreId)));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            report.accept(false);
        }
    }

    private boolean sendNow(RaftMessage header, long toStoreId) {
        long index = header.getMessage().getSnapshot().getIndex();
        SnapshotRegistry.Generated g = registry.take(header.getRegionId(), index);
        if (g == null) {
            return false;
        }
        Path file = dir.resolve("send-" + header.getRegionId() + "-" + index + "-" + sequence.incrementAndGet() + ".sst");
        try {
            Region region = g.region();
            long pairs = g.view().export(ColumnFamily.DATA, Keys.dataKey(region.getStartKey().toByteArray()),
                    Keys.dataEnd(region.getEndKey().toByteArray()), file);
            g.view().close();
            StoreConnection conn = client.connection(toStoreId);
            if (conn == null) {
                return false;
            }
            boolean ok = stream(conn, header, pairs > 0 ? file : null);
            if (ok) {
                metrics.snapshotsSent.increment();
            } else {
                metrics.snapshotFailures.increment();
            }
            return ok;
        } catch (Exception e) {
            LOG.warning("region " + header.getRegionId() + ": snapshot to store " + toStoreId + " failed: " + e.getMessage());
            metrics.snapshotFailures.increment();
            return false;
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (java.io.IOException ignored) {
                // Removed at the next start.
            }
        }
    }

    private boolean stream(StoreConnection conn, RaftMessage header, Path file) throws Exception {
        CountDownLatch finished = new CountDownLatch(1);
        AtomicBoolean ok = new AtomicBoolean();
        StreamObserver<SnapshotChunk> out = StoreTransportGrpc.newStub(conn.channel())
                .withDeadlineAfter(5, TimeUnit.MINUTES).snapshot(new StreamObserver<TransportDone>() {
                    @Override
                    public void onNext(TransportDone value) {
                        ok.set(true);
                    }

                    @Override
                    public void onError(Throwable t) {
                        finished.countDown();
                    }

                    @Override
                    public void onCompleted() {
                        finished.countDown();
                    }
                });
        out.onNext(SnapshotChunk.newBuilder().setMessage(header).build());
        if (file != null) {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[CHUNK];
                int n;
                while ((n = in.readNBytes(buf, 0, CHUNK)) > 0) {
                    out.onNext(SnapshotChunk.newBuilder().setData(ByteString.copyFrom(buf, 0, n)).build());
                }
            }
        }
        out.onCompleted();
        return finished.await(5, TimeUnit.MINUTES) && ok.get();
    }

    public void close() {
        executor.shutdownNow();
    }
}
