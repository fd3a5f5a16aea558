package io.managedkvs.raftkv.store.transport;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.managedkvs.raftkv.proto.transport.RaftMessage;
import io.managedkvs.raftkv.proto.transport.SnapshotChunk;
import io.managedkvs.raftkv.proto.transport.TransportDone;
import io.managedkvs.raftkv.store.metrics.StoreMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Logger;

/**
 * One incoming snapshot call. The first chunk (the SNAPSHOT message) takes a receiving slot or the
 * call is refused with RESOURCE_EXHAUSTED, before anything touches the disk. Chunks are pulled one
 * at a time (manual flow control): each is written to the file on the receiving executor, and only
 * then is the next one requested, so a fast sender waits on HTTP/2 flow control instead of filling
 * this store's memory. A call that breaks off deletes what it wrote; only a complete file reaches
 * the region.
 */
final class SnapshotReceiver implements StreamObserver<SnapshotChunk> {

    private static final Logger LOG = Logger.getLogger(SnapshotReceiver.class.getName());

    /** Where a received snapshot goes: the region's peer, and where its file is written. */
    record Target(MessageSink sink, Path dir, long sequence) {
    }

    private final ServerCallStreamObserver<TransportDone> call;
    private final Target target;
    private final ReceiveSlots slots;
    private final Executor io;
    private final StoreMetrics metrics;
    private RaftMessage header;
    private Path file;
    private OutputStream out;
    private long bytes;
    private boolean holdsSlot;
    /** A chunk is with the writer; the next is requested (or the call completed) once it is on disk. */
    private boolean writing;
    /** The sender sent everything; gRPC may say so while the last chunk is still with the writer. */
    private boolean halfClosed;
    private boolean closed;

    /** Must be created in the service method: it turns off automatic requests before the call starts. */
    SnapshotReceiver(ServerCallStreamObserver<TransportDone> call, Target target, ReceiveSlots slots, Executor io, StoreMetrics metrics) {
        this.call = call;
        this.target = target;
        this.slots = slots;
        this.io = io;
        this.metrics = metrics;
        call.disableAutoRequest();
        call.setOnCancelHandler(() -> abandon("the sender cancelled the call"));
        call.request(1);
    }

    @Override
    public synchronized void onNext(SnapshotChunk chunk) {
        if (closed) {
            return;
        }
        if (header == null) {
            header = chunk.getMessage();
            if (!slots.tryAcquire()) {
                closed = true;
                metrics.snapshotsRefused.increment();
                respond(Status.RESOURCE_EXHAUSTED.withDescription("store busy: already receiving " + slots.max()
                        + " snapshots, the most it takes at once (--snapshot-max-receiving); the region's leader sends it again later"));
                return;
            }
            holdsSlot = true;
        }
        ByteString data = chunk.getData();
        if (data.isEmpty()) {
            call.request(1);
            return;
        }
        writing = true;
        submit(() -> write(data));
    }

    private void submit(Runnable task) {
        try {
            io.execute(task);
        } catch (RejectedExecutionException e) {
            fail(Status.UNAVAILABLE.withDescription("the store is stopping"));
        }
    }

    /** Runs on the receiving executor; asks for the next chunk once this one is on disk. */
    private synchronized void write(ByteString data) {
        writing = false;
        if (closed) {
            return;
        }
        try {
            if (out == null) {
                file = target.dir().resolve("recv-" + header.getRegionId() + "-" + target.sequence() + ".sst");
                out = Files.newOutputStream(file);
            }
            data.writeTo(out);
            bytes += data.size();
        } catch (IOException e) {
            LOG.warning("region " + header.getRegionId() + ": cannot write snapshot file " + file + ": " + e.getMessage());
            fail(Status.INTERNAL.withDescription("cannot write the snapshot: " + e.getMessage()));
            return;
        }
        if (halfClosed) {
            complete();
        } else {
            call.request(1);
        }
    }

    @Override
    public synchronized void onError(Throwable t) {
        abandon(t.getMessage());
    }

    @Override
    public synchronized void onCompleted() {
        halfClosed = true;
        if (!writing) {
            submit(this::complete);
        }
    }

    private synchronized void complete() {
        if (closed) {
            return;
        }
        try {
            if (out != null) {
                out.close();
                out = null;
            }
        } catch (IOException e) {
            fail(Status.INTERNAL.withDescription("cannot write the snapshot: " + e.getMessage()));
            return;
        }
        closed = true;
        if (header != null) {
            metrics.snapshotsReceived.increment();
            target.sink().deliverSnapshot(header, bytes == 0 ? null : file);
        }
        releaseSlot();
        respond(null);
    }

    /** The sender went away or the call broke: nothing reaches the region, the partial file goes. */
    private synchronized void abandon(String why) {
        if (closed) {
            return;
        }
        closed = true;
        if (header != null) {
            LOG.fine(() -> "region " + header.getRegionId() + ": snapshot receive abandoned: " + why);
        }
        discard();
    }

    private void fail(Status status) {
        if (closed) {
            return;
        }
        closed = true;
        discard();
        respond(status);
    }

    private void discard() {
        try {
            if (out != null) {
                out.close();
                out = null;
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.warning("cannot delete partial snapshot " + file + " (removed at the next start): " + e.getMessage());
        }
        releaseSlot();
    }

    private void releaseSlot() {
        if (holdsSlot) {
            holdsSlot = false;
            slots.release();
        }
    }

    /** Ends the call: done when {@code error} is null. */
    private void respond(Status error) {
        try {
            if (error == null) {
                call.onNext(TransportDone.getDefaultInstance());
                call.onCompleted();
            } else {
                call.onError(error.asRuntimeException());
            }
        } catch (RuntimeException cancelled) {
            // The sender went away meanwhile; its leader retries if it must.
        }
    }
}
