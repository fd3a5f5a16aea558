package io.managedkvs.raftkv.store.transport;

import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.managedkvs.raftkv.proto.transport.RaftMessageBatch;
import io.managedkvs.raftkv.proto.transport.StoreTransportGrpc;
import io.managedkvs.raftkv.proto.transport.TransportDone;
import java.util.concurrent.TimeUnit;

/**
 * The stream of Raft message batches to one peer store. Sending never blocks: when the stream is
 * not ready (the peer is slow or gone) batches beyond a small buffer are dropped and Raft
 * retransmits; a broken stream is reopened on the next send.
 */
final class StoreConnection {

    private final String address;
    private final ManagedChannel channel;
    private static final int UNREADY_BUDGET = 256;

    private ClientCallStreamObserver<RaftMessageBatch> stream;
    private int unreadyBudget = UNREADY_BUDGET;

    StoreConnection(String address, ChannelCredentials credentials) {
        this.address = address;
        this.channel = NettyChannelBuilder.forTarget(address, credentials)
                .keepAliveTime(30, TimeUnit.SECONDS).maxInboundMessageSize(64 << 20).build();
    }

    String address() {
        return address;
    }

    ManagedChannel channel() {
        return channel;
    }

    /** Sends one batch; false if it was dropped. */
    synchronized boolean send(RaftMessageBatch batch) {
        if (stream == null) {
            open();
        }
        if (stream.isReady()) {
            unreadyBudget = UNREADY_BUDGET;
        } else if (--unreadyBudget < 0) {
            // The stream is connecting or the peer is slow: buffer a few batches in gRPC, then drop.
            return false;
        }
        stream.onNext(batch);
        return true;
    }

    private void open() {
        StoreConnection self = this;
        StoreTransportGrpc.newStub(channel).raft(new ClientResponseObserver<RaftMessageBatch, TransportDone>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<RaftMessageBatch> requestStream) {
                synchronized (self) {
                    stream = requestStream;
                }
            }

            @Override
            public void onNext(TransportDone value) {
            }

            @Override
            public void onError(Throwable t) {
                broken(stream());
            }

            @Override
            public void onCompleted() {
                broken(stream());
            }
        });
    }

    private synchronized ClientCallStreamObserver<RaftMessageBatch> stream() {
        return stream;
    }

    private synchronized void broken(ClientCallStreamObserver<RaftMessageBatch> which) {
        if (stream == which) {
            stream = null;
        }
    }

    void close() {
        synchronized (this) {
            if (stream != null) {
                try {
                    stream.onCompleted();
                } catch (RuntimeException ignored) {
                    // Already broken.
                }
                stream = null;
            }
        }
        channel.shutdownNow();
    }
}
