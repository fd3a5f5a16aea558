package io.managedkvs.raftkv.client;

import io.grpc.stub.StreamObserver;
import io.managedkvs.raftkv.proto.kv.KvGrpc;
import io.managedkvs.raftkv.proto.kv.RegionError;
import java.util.function.Function;

/** A {@link RegionCall.Rpc} from two lambdas. */
final class Rpcs {

    /** Sends a request built for a region. */
    @FunctionalInterface
    interface Sender<R> {
        void send(KvGrpc.KvStub stub, CachedRegion region, StreamObserver<R> observer);
    }

    private Rpcs() {
    }

    static <R> RegionCall.Rpc<R> of(Sender<R> sender, Function<R, RegionError> regionError) {
        return new RegionCall.Rpc<>() {
            @Override
            public void send(KvGrpc.KvStub stub, CachedRegion region, StreamObserver<R> observer) {
                sender.send(stub, region, observer);
            }

            @Override
            public RegionError regionError(R response) {
                return regionError.apply(response);
            }
        };
    }
}
