package io.managedkvs.raftkv.store.transport;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.managedkvs.raftkv.proto.transport.RaftMessage;
import io.managedkvs.raftkv.proto.transport.RaftMessageBatch;
import io.managedkvs.raftkv.proto.transport.SnapshotChunk;
import io.managedkvs.raftkv.proto.transport.StoreTransportGrpc;
import io.managedkvs.raftkv.proto.transport.TransportDone;
import io.managedkvs.raftkv.store.metrics.StoreMetrics;

import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The receiving side of the store-to-store transport: Raft message batches, and snapshots up to a cap ({@link SnapshotReceiver}). */
public final class TransportService extends StoreTransportGrpc.StoreTransportImplBase {

    private final MessageSink sink;
    private final Path snapshotDir;
    private final StoreMetrics metrics;
    private final AtomicLong sequence = new AtomicLong();
    private final ReceiveSlots slots;
    /** Writes received chunks to disk; each call has at most one chunk here, and calls are capped by the slots. */
    private final ThreadPoolExecutor writers;

    /** Receives at most {@code flow.maxReceiving()} snapshots at once. */
    public TransportService(MessageSink sink, Path snapshotDir, StoreMetrics metrics, SnapshotFlowConfig flow) {
        this.sink = sink;
        this.snapshotDir = snapshotDir;
        this.metrics = metrics;
        this.slots = new ReceiveSlots(flow.maxReceiving());
        this.writers = new ThreadPoolExecutor(flow.maxReceiving(), flow.maxReceiving(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(2 * flow.maxReceiving()), r -> {
                    Thread t = new Thread(r, "snapshot-receiver");
                    t.setDaemon(true);
                    return t;
                });
        metrics.bindSnapshotReceiving(slots::inUse, slots::peak);
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
        return new SnapshotReceiver((ServerCallStreamObserver<TransportDone>) done,
                new SnapshotReceiver.Target(sink, snapshotDir, sequence.incrementAndGet()), slots, writers, metrics);
    }

    /** Stops the snapshot writers; calls in progress break off and delete their files. */
    public void close() {
        writers.shutdownNow();
    }
}
