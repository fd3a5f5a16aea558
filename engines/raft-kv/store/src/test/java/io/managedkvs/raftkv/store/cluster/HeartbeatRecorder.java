package io.managedkvs.raftkv.store.cluster;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.managedkvs.raftkv.proto.pd.PdGrpc;
import io.managedkvs.raftkv.proto.pd.RegionCommand;
import io.managedkvs.raftkv.proto.pd.RegionHeartbeat;
import io.managedkvs.raftkv.proto.pd.RegionHeartbeatRequest;
import io.managedkvs.raftkv.proto.pd.RegionHeartbeatResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Records, in PD's own server, every region heartbeat a store sends and the commands PD answers it
 * with, in the order PD answered: what a leader told PD, and what PD decided from it.
 */
final class HeartbeatRecorder implements ServerInterceptor {

    /** One region's report in one heartbeat call, with the commands PD answered that call with for the region. */
    record Exchange(RegionHeartbeat heartbeat, List<RegionCommand> commands) {
    }

    private final List<Exchange> exchanges = new ArrayList<>();

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        if (!call.getMethodDescriptor().getFullMethodName().equals(PdGrpc.getRegionHeartbeatMethod().getFullMethodName())) {
            return next.startCall(call, headers);
        }
        Object[] request = new Object[1];
        ServerCall<Q, A> recording = new SimpleForwardingServerCall<>(call) {
            @Override
            public void sendMessage(A message) {
                record((RegionHeartbeatRequest) request[0], (RegionHeartbeatResponse) message);
                super.sendMessage(message);
            }
        };
        return new SimpleForwardingServerCallListener<>(next.startCall(recording, headers)) {
            @Override
            public void onMessage(Q message) {
                request[0] = message;
                super.onMessage(message);
            }
        };
    }

    private synchronized void record(RegionHeartbeatRequest request, RegionHeartbeatResponse response) {
        for (RegionHeartbeat hb : request.getRegionsList()) {
            List<RegionCommand> commands = response.getCommandsList().stream()
                    .filter(c -> c.getRegionId() == hb.getRegion().getId()).toList();
            exchanges.add(new Exchange(hb, commands));
        }
    }

    /** What the leaders of {@code regionId} reported and were answered, oldest first. */
    synchronized List<Exchange> of(long regionId) {
        return new ArrayList<>(exchanges.stream().filter(e -> e.heartbeat().getRegion().getId() == regionId).toList());
    }
}
