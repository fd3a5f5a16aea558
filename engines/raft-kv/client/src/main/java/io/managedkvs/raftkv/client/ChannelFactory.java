package io.managedkvs.raftkv.client;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

/** Opens a gRPC channel to a host:port. */
@FunctionalInterface
public interface ChannelFactory {

    /** Plaintext, as the stores and PD serve today. */
    ChannelFactory PLAINTEXT = target -> ManagedChannelBuilder.forTarget(target).usePlaintext().build();

    ManagedChannel open(String hostPort);
}
