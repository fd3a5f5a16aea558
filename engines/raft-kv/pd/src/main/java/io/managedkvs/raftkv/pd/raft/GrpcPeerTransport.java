package io.managedkvs.raftkv.pd.raft;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.managedkvs.raft.message.Message;
import io.managedkvs.raftkv.proto.pdpeer.PdPeerGrpc;
import io.managedkvs.raftkv.proto.pdpeer.StepRequest;
import io.managedkvs.raftkv.proto.pdpeer.StepResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Raft messages to the other PD members over gRPC: one channel per member, one call per member per
 * Ready carrying all its messages. A failed call is reported as unreachable (on the loop), so the
 * leader probes that member gently instead of streaming appends into the void.
 */
public final class GrpcPeerTransport implements PeerTransport {

    private static final long DEADLINE_MS = 2_000;

    private final Map<Long, PdPeerGrpc.PdPeerStub> stubs = new HashMap<>();
    private final Map<Long, ManagedChannel> channels = new HashMap<>();
    private final Executor loop;
    private final Feedback feedback;
    private final long selfId;
    private final String selfStatusAddress;

    /** What the transport tells the replica, on the loop. */
    public interface Feedback {
        void unreachable(long peer);

        void snapshotSent(long peer, boolean success);
    }

    /**
     * @param selfId this member's id and {@code selfStatusAddress} its HTTP status address, sent along so that peers can list it
     * @param peers the other members' ids and addresses
     * @param channelFactory a channel to an address (Netty in production, in-process in tests)
     * @param loop where {@code feedback} runs
     */
    public GrpcPeerTransport(long selfId, String selfStatusAddress, Map<Long, String> peers, Function<String, ManagedChannel> channelFactory,
                             Executor loop, Feedback feedback) {
        this.selfId = selfId;
        this.selfStatusAddress = selfStatusAddress;
        this.loop = loop;
        this.feedback = feedback;
        peers.forEach((id, address) -> {
            ManagedChannel ch = channelFactory.apply(address);
            channels.put(id, ch);
            stubs.put(id, PdPeerGrpc.newStub(ch));
        });
    }

    @Override
    public void send(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        Map<Long, StepRequest.Builder> byPeer = new LinkedHashMap<>();
        for (Message m : messages) {
            byPeer.computeIfAbsent(m.to(), k -> StepRequest.newBuilder().setFromMember(selfId).setFromStatusAddress(selfStatusAddress))
                    .addMessages(RaftWire.toProto(m));
        }
        byPeer.forEach((to, req) -> {
            PdPeerGrpc.PdPeerStub stub = stubs.get(to);
            if (stub == null) {
                return;
            }
            boolean snapshot = req.getMessagesList().stream()
                    .anyMatch(m -> m.getType() == io.managedkvs.raftkv.proto.raft.MessageType.SNAPSHOT);
            stub.withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS).step(req.build(), new StreamObserver<>() {
                @Override
                public void onNext(StepResponse value) {
                }

                @Override
                public void onError(Throwable t) {
                    tell(() -> {
                        feedback.unreachable(to);
                        if (snapshot) {
                            feedback.snapshotSent(to, false);
                        }
                    });
                }

                @Override
                public void onCompleted() {
                    if (snapshot) {
                        tell(() -> feedback.snapshotSent(to, true));
                    }
                }
            });
        });
    }

    private void tell(Runnable r) {
        try {
            loop.execute(r);
        } catch (RuntimeException busy) {
            // The loop is full or stopping; Raft finds out by itself soon enough.
        }
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
    }
}
