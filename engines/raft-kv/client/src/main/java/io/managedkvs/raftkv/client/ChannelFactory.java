package io.managedkvs.raftkv.client;

import io.grpc.ManagedChannel;
import io.grpc.Grpc;
import io.grpc.ManagedChannelBuilder;

/** Opens a gRPC channel to a host:port. */
@FunctionalInterface
public interface ChannelFactory {

    /** Plaintext, as the stores and PD serve today. */
    ChannelFactory PLAINTEXT = target -> ManagedChannelBuilder.forTarget(target).usePlaintext().build();

    /** Channels secured as {@code security} says (mutual TLS, or plaintext). */
    static ChannelFactory secured(TransportSecurity security) {
        return target -> Grpc.newChannelBuilder(target, security.channelCredentials()).build();
    }

    ManagedChannel open(String hostPort);
}
