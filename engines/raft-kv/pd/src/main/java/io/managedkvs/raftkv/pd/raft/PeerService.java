package io.managedkvs.raftkv.pd.raft;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.managedkvs.raft.message.Message;
import io.managedkvs.raftkv.proto.pdpeer.PdPeerGrpc;
import io.managedkvs.raftkv.proto.pdpeer.StepRequest;
import io.managedkvs.raftkv.proto.pdpeer.StepResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** Receives other PD members' Raft messages and hands them to the loop. */
public final class PeerService extends PdPeerGrpc.PdPeerImplBase {

    private final Executor loop;
    private final Consumer<Message> step;
    private final BiConsumer<Long, String> statusAddressSeen;

    /** @param statusAddressSeen told, on the loop, each sending member's id and status address */
    public PeerService(Executor loop, Consumer<Message> step, BiConsumer<Long, String> statusAddressSeen) {
        this.loop = loop;
        this.step = step;
        this.statusAddressSeen = statusAddressSeen;
    }

    @Override
    public void step(StepRequest req, StreamObserver<StepResponse> obs) {
        List<Message> messages = new ArrayList<>(req.getMessagesCount());
        for (io.managedkvs.raftkv.proto.raft.Message m : req.getMessagesList()) {
            messages.add(RaftWire.fromProto(m));
        }
        try {
            long from = req.getFromMember();
            String status = req.getFromStatusAddress();
            loop.execute(() -> {
                if (from != 0) {
                    statusAddressSeen.accept(from, status);
                }
                messages.forEach(step);
            });
            obs.onNext(StepResponse.getDefaultInstance());
            obs.onCompleted();
        } catch (RejectedExecutionException e) {
            obs.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
        }
    }
}
