package io.managedkvs.raftkv.store.transport;

import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.transport.RaftMessage;
import io.managedkvs.raftkv.store.engine.ColumnFamily;
import io.managedkvs.raftkv.store.metrics.StoreMetrics;
import io.managedkvs.raftkv.store.raftstore.Keys;
import io.managedkvs.raftkv.store.raftstore.SnapshotRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Sends region snapshots, at most {@code maxSending} at once: each exports the region's data from
 * the snapshot's engine view into an SST file, then streams it ({@link SnapshotStream}) as fast as
 * the receiver takes it. Snapshots beyond that wait in a bounded queue. One that finds the queue
 * full, whose receiver refused a snapshot moments ago, or that its receiver refused, is handed
 * back: reported failed to Raft after a short delay, without (another) export, and the region's
 * leader asks again then (Raft's snapshot retry). Nothing
 * here blocks the caller (a poller) or a gRPC thread: exports and file reads run on this sender's
 * own threads, one per sending slot.
 */
public final class SnapshotSender {

    private static final Logger LOG = Logger.getLogger(SnapshotSender.class.getName());
    /**
     * After a receiver refused a snapshot, further snapshots to it are handed back without an export
     * for this long (a full receiver stays full for a while, and each export reads the region's whole
     * range); and a snapshot handed back is reported failed to Raft only after this long, so its
     * leader asks again at this pace rather than at every heartbeat.
     */
    static final long RETRY_DELAY_MILLIS = 500;
    private record Request(RaftMessage header, long toStoreId, Consumer<Boolean> report) {
    }

    private final SnapshotRegistry registry;
    private final RaftClient client;
    private final Path dir;
    private final StoreMetrics metrics;
    private final SnapshotFlowConfig flow;
    private final AtomicLong sequence = new AtomicLong();
    private final ThreadPoolExecutor io;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "snapshot-retry");
        t.setDaemon(true);
        return t;
    });
    /** Guarded by this. */
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    /** Guarded by this: the receiving store's id and when its last refusal stops holding snapshots back. */
    private final Map<Long, Long> refusedUntil = new HashMap<>();
    /** Guarded by this. */
    private final Map<Request, SnapshotStream> streams = new HashMap<>();
    /** Guarded by this. */
    private int sending;
    /** Guarded by this: the most snapshots sent at once since the start. */
    private int sendingPeak;
    private boolean closed;

    public SnapshotSender(SnapshotRegistry registry, RaftClient client, Path dir, StoreMetrics metrics, SnapshotFlowConfig flow) {
        this.registry = registry;
        this.client = client;
        this.dir = dir;
        this.metrics = metrics;
        this.flow = flow;
        // One export or one pump per sending slot at a time: the tasks are bounded by the slots.
        this.io = new ThreadPoolExecutor(flow.maxSending(), flow.maxSending(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(2 * flow.maxSending()), r -> {
                    Thread t = new Thread(r, "snapshot-sender");
                    t.setDaemon(true);
                    return t;
                });
        metrics.bindSnapshotSending(this::sending, this::sendingPeak, this::queued);
    }

    /**
     * Sends the snapshot the header's message names; {@code report} hears once whether it arrived
     * (false: Raft retries later). Never blocks.
     */
    public void send(RaftMessage header, long toStoreId, Consumer<Boolean> report) {
        Request r = new Request(header, toStoreId, report);
        boolean start;
        synchronized (this) {
            if (closed || holdingBack(toStoreId) || (sending >= flow.maxSending() && queue.size() >= flow.sendQueue())) {
                start = false;
            } else if (sending < flow.maxSending()) {
                sending++;
                sendingPeak = Math.max(sendingPeak, sending);
                start = true;
            } else {
                queue.add(r);
                return;
            }
        }
        if (start) {
            begin(r);
        } else {
            giveBack(r);
        }
    }

    /** Guarded by this. */
    private boolean holdingBack(long toStoreId) {
        Long until = refusedUntil.get(toStoreId);
        if (until == null) {
            return false;
        }
        if (System.nanoTime() - until >= 0) {
            refusedUntil.remove(toStoreId);
            return false;
        }
        return true;
    }

    /** Hands the snapshot back to Raft (after the retry delay), and drops the engine view held for it. */
    private void giveBack(Request r) {
        dropView(r);
        reportLater(r);
    }

    private void dropView(Request r) {
        SnapshotRegistry.Generated g = registry.take(r.header().getRegionId(), r.header().getMessage().getSnapshot().getIndex());
        if (g != null) {
            g.view().close();
        }
    }

    private void reportLater(Request r) {
        metrics.snapshotsRetried.increment();
        try {
            retries.schedule(() -> r.report().accept(false), RETRY_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            r.report().accept(false);
        }
    }

    /** Runs {@code r} in a slot this caller took. */
    private void begin(Request r) {
        try {
            io.execute(() -> export(r));
        } catch (RejectedExecutionException e) {
            dropView(r);
            finished(r, null, SnapshotStream.Outcome.FAILED);
        }
    }

    private void export(Request r) {
        RaftMessage header = r.header();
        long index = header.getMessage().getSnapshot().getIndex();
        SnapshotRegistry.Generated g = registry.take(header.getRegionId(), index);
        if (g == null) {
            // A newer snapshot replaced it, or the region is gone: the leader asks again if it must.
            finished(r, null, SnapshotStream.Outcome.FAILED);
            return;
        }
        Path file = dir.resolve("send-" + header.getRegionId() + "-" + index + "-" + sequence.incrementAndGet() + ".sst");
        try {
            Region region = g.region();
            long pairs;
            try {
                pairs = g.view().export(ColumnFamily.DATA, Keys.dataKey(region.getStartKey().toByteArray()),
                        Keys.dataEnd(region.getEndKey().toByteArray()), file);
            } finally {
                g.view().close();
            }
            StoreConnection conn = client.connection(r.toStoreId());
            if (conn == null) {
                finished(r, file, SnapshotStream.Outcome.FAILED);
                return;
            }
            SnapshotStream stream = new SnapshotStream(header, pairs > 0 ? file : null, io, outcome -> streamEnded(r, file, outcome));
            synchronized (this) {
                if (closed) {
                    stream = null;
                } else {
                    streams.put(r, stream);
                }
            }
            if (stream == null) {
                finished(r, file, SnapshotStream.Outcome.FAILED);
                return;
            }
            stream.start(conn.channel());
        } catch (IOException | RuntimeException e) {
            LOG.warning("region " + header.getRegionId() + ": snapshot to store " + r.toStoreId() + " failed: " + e.getMessage());
            finished(r, file, SnapshotStream.Outcome.FAILED);
        }
    }

    private void streamEnded(Request r, Path file, SnapshotStream.Outcome outcome) {
        synchronized (this) {
            streams.remove(r);
        }
        finished(r, file, outcome);
    }

    /** Reports {@code r}'s outcome, frees its slot, and starts the next queued snapshot in it. */
    private void finished(Request r, Path file, SnapshotStream.Outcome outcome) {
        deleteQuietly(file);
        switch (outcome) {
            case SENT -> {
                metrics.snapshotsSent.increment();
                r.report().accept(true);
            }
            case REFUSED -> {
                LOG.fine(() -> "region " + r.header().getRegionId() + ": store " + r.toStoreId() + " refused the snapshot; Raft retries");
                reportLater(r);
            }
            case FAILED -> {
                metrics.snapshotFailures.increment();
                r.report().accept(false);
            }
        }
        Request next;
        List<Request> heldBack = new ArrayList<>();
        synchronized (this) {
            if (outcome == SnapshotStream.Outcome.REFUSED) {
                refusedUntil.put(r.toStoreId(), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_DELAY_MILLIS));
            }
            next = null;
            while (!closed && next == null && !queue.isEmpty()) {
                Request q = queue.poll();
                if (holdingBack(q.toStoreId())) {
                    heldBack.add(q);
                } else {
                    next = q;
                }
            }
            if (next == null) {
                sending--;
            }
        }
        heldBack.forEach(this::giveBack);
        if (next != null) {
            begin(next);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.fine(() -> "cannot delete " + file + " (removed at the next start): " + e.getMessage());
        }
    }

    private synchronized int sending() {
        return sending;
    }

    private synchronized int sendingPeak() {
        return sendingPeak;
    }

    private synchronized int queued() {
        return queue.size();
    }

    /** Stops sending: queued snapshots are dropped, streams in progress cancelled. */
    public void close() {
        List<SnapshotStream> open;
        synchronized (this) {
            closed = true;
            queue.clear();
            open = List.copyOf(streams.values());
            streams.clear();
        }
        open.forEach(s -> s.cancel("the store is stopping"));
        io.shutdownNow();
        retries.shutdownNow();
    }
}
