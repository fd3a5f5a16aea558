package io.managedkvs.raftkv.store.transport;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.managedkvs.raftkv.proto.transport.RaftMessage;
import io.managedkvs.raftkv.proto.transport.SnapshotChunk;
import io.managedkvs.raftkv.proto.transport.StoreTransportGrpc;
import io.managedkvs.raftkv.proto.transport.TransportDone;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One outgoing snapshot call: the SNAPSHOT message, then the SST file in chunks, each read from disk
 * only when the call is ready for more. gRPC's onReady callback hands the rest to the sender's I/O
 * executor, so no gRPC or Netty thread reads the file or waits, and at most one chunk per call is
 * in memory beyond what flow control admits. The receiver pulls chunks as it writes them, so a slow
 * receiver slows this call instead of filling buffers.
 */
final class SnapshotStream implements ClientResponseObserver<SnapshotChunk, TransportDone> {

    /** How a call ended. REFUSED: the receiver had no room; Raft sends the snapshot again later. */
    enum Outcome { SENT, REFUSED, FAILED }

    static final int CHUNK = 1 << 20;
    /** Generous: the receiver paces the call by its disk, and a stuck call must end some time. */
    private static final long DEADLINE_MINUTES = 5;

    private final RaftMessage header;
    private final Path file;
    private final Executor io;
    private final Consumer<Outcome> done;
    private ClientCallStreamObserver<SnapshotChunk> out;
    private InputStream in;
    private boolean headerSent;
    private boolean halfClosed;
    private boolean acknowledged;
    private boolean finished;
    private boolean pumpQueued;

    /**
     * @param file the region's data, or null when it held no keys
     * @param done hears the outcome once, on a gRPC callback thread or the I/O executor
     */
    SnapshotStream(RaftMessage header, Path file, Executor io, Consumer<Outcome> done) {
        this.header = header;
        this.file = file;
        this.io = io;
        this.done = done;
    }

    /** Starts the call; sending begins when gRPC says the call is ready. */
    void start(Channel channel) {
        StoreTransportGrpc.newStub(channel).withDeadlineAfter(DEADLINE_MINUTES, TimeUnit.MINUTES).snapshot(this);
        schedulePump();
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<SnapshotChunk> requestStream) {
        synchronized (this) {
            out = requestStream;
        }
        requestStream.setOnReadyHandler(this::schedulePump);
    }

    private void schedulePump() {
        synchronized (this) {
            if (pumpQueued || finished || halfClosed) {
                return;
            }
            pumpQueued = true;
        }
        try {
            io.execute(this::pump);
        } catch (RejectedExecutionException e) {
            cancel("the store is stopping");
        }
    }

    /** Sends while the call is ready; the next onReady resumes. Runs on the I/O executor. */
    private void pump() {
        Outcome failed = null;
        synchronized (this) {
            pumpQueued = false;
            if (finished || halfClosed) {
                return;
            }
            try {
                while (out.isReady()) {
                    if (!headerSent) {
                        out.onNext(SnapshotChunk.newBuilder().setMessage(header).build());
                        headerSent = true;
                        continue;
                    }
                    byte[] chunk = nextChunk();
                    if (chunk.length == 0) {
                        out.onCompleted();
                        halfClosed = true;
                        closeFile();
                        return;
                    }
                    out.onNext(SnapshotChunk.newBuilder().setData(ByteString.copyFrom(chunk)).build());
                }
            } catch (IOException | RuntimeException e) {
                out.cancel("cannot read snapshot file " + file + ": " + e.getMessage(), e);
                failed = Outcome.FAILED;
            }
        }
        if (failed != null) {
            finish(failed);
        }
    }

    private byte[] nextChunk() throws IOException {
        if (file == null) {
            return new byte[0];
        }
        if (in == null) {
            in = Files.newInputStream(file);
        }
        return in.readNBytes(CHUNK);
    }

    /** Ends the call from this side (the store stops); the outcome is FAILED. */
    void cancel(String why) {
        ClientCallStreamObserver<SnapshotChunk> call;
        synchronized (this) {
            call = out;
        }
        if (call != null) {
            call.cancel(why, null);
        }
        finish(Outcome.FAILED);
    }

    @Override
    public synchronized void onNext(TransportDone value) {
        acknowledged = true;
    }

    @Override
    public void onError(Throwable t) {
        Status status = Status.fromThrowable(t);
        finish(status.getCode() == Status.Code.RESOURCE_EXHAUSTED ? Outcome.REFUSED : Outcome.FAILED);
    }

    @Override
    public void onCompleted() {
        boolean ok;
        synchronized (this) {
            ok = acknowledged;
        }
        finish(ok ? Outcome.SENT : Outcome.FAILED);
    }

    private void finish(Outcome outcome) {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            closeFile();
        }
        done.accept(outcome);
    }

    private void closeFile() {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // Read-only: nothing to lose.
            }
            in = null;
        }
    }
}
