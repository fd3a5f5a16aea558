package io.managedkvs.raftkv.store.transport;

import io.grpc.stub.StreamObserver;
import io.managedkvs.raftkv.proto.transport.RaftMessage;
import io.managedkvs.raftkv.proto.transport.RaftMessageBatch;
import io.managedkvs.raftkv.proto.transport.SnapshotChunk;
import io.managedkvs.raftkv.proto.transport.StoreTransportGrpc;
import io.managedkvs.raftkv.proto.transport.TransportDone;
import io.managedkvs.raftkv.store.metrics.StoreMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/** The receiving side of the store-to-store transport. */
public final class TransportService extends StoreTransportGrpc.StoreTransportImplBase {

    private static final Logger LOG = Logger.getLogger(TransportService.class.getName());

    private final MessageSink sink;
    private final Path snapshotDir;
    private final StoreMetrics metrics;
    private final AtomicLong sequence = new AtomicLong();

    public TransportService(MessageSink sink, Path snapshotDir, StoreMetrics metrics) {
        this.sink = sink;
        this.snapshotDir = snapshotDir;
        this.metrics = metrics;
    }

    @Override
    public StreamObserver<RaftMessageBatch> raft(StreamObserver<TransportDone> done) {
        return new StreamObserver<>() {
            @Override
            public void onNext(RaftMessageBatch batch) {
                for (RaftMessage m : batch.getMessagesList()) {
                    sink.deliver(m);
                }
            }

            @Override
            public void onError(Throwable t) {
                // The sender reopens the stream.
            }

            @Override
            public void onCompleted() {
                done.onNext(TransportDone.getDefaultInstance());
                done.onCompleted();
            }
        };
    }

    @Override
    public StreamObserver<SnapshotChunk> snapshot(StreamObserver<TransportDone> done) {
        return new StreamObserver<>() {
            private RaftMessage header;
            private Path file;
            private OutputStream out;
            private long bytes;

            @Override
            public void onNext(SnapshotChunk chunk) {
                try {
                    if (header == null) {
                        header = chunk.getMessage();
                        file = snapshotDir.resolve("recv-" + header.getRegionId() + "-" + sequence.incrementAndGet() + ".sst");
                        out = Files.newOutputStream(file);
                    }
                    if (!chunk.getData().isEmpty()) {
                        chunk.getData().writeTo(out);
                        bytes += chunk.getData().size();
                    }
                } catch (IOException e) {
                    LOG.warning("cannot write snapshot file " + file + ": " + e.getMessage());
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void onError(Throwable t) {
                cleanUp();
            }

            @Override
            public void onCompleted() {
                try {
                    if (out != null) {
                        out.close();
                    }
                    if (header != null) {
                        metrics.snapshotsReceived.increment();
                        if (bytes == 0) {
                            Files.deleteIfExists(file);
                        }
                        sink.deliverSnapshot(header, bytes == 0 ? null : file);
                    }
                    done.onNext(TransportDone.getDefaultInstance());
                    done.onCompleted();
                } catch (IOException e) {
                    cleanUp();
                    done.onError(e);
                }
            }

            private void cleanUp() {
                try {
                    if (out != null) {
                        out.close();
                    }
                    if (file != null) {
                        Files.deleteIfExists(file);
                    }
                } catch (IOException ignored) {
                    // Best effort: a leftover file in the snapshot directory is removed at startup.
                }
            }
        };
    }
}
