package io.managedkvs.raftkv.client;

import java.time.Duration;
import java.util.List;

/**
 * How a {@link RaftKvClient} reaches the cluster and how patient it is.
 *
 * @param pdEndpoints    PD members to start from, as host:port; any one that answers is enough
 * @param callTimeout    the most a call takes, retries included
 * @param readRpcTimeout the most one read attempt waits for a store before trying another (a paused
 *                       or partitioned leader); writes wait up to the call's timeout, see
 *                       {@link UnknownOutcomeException}
 * @param backoff        waits between retries
 * @param channels       opens a channel to a host:port (tests may hand in their own)
 */
public record ClientConfig(List<String> pdEndpoints, Duration callTimeout, Duration readRpcTimeout, Backoff backoff,
                           ChannelFactory channels) {

    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_RPC_TIMEOUT = Duration.ofSeconds(1);

    public ClientConfig {
        pdEndpoints = List.copyOf(pdEndpoints);
        if (pdEndpoints.isEmpty()) {
            throw new IllegalArgumentException("pdEndpoints: at least one PD endpoint (host:port) is needed");
        }
        for (String e : pdEndpoints) {
            HostPort.parse("pdEndpoints", e);
        }
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive, was " + callTimeout);
        }
        if (readRpcTimeout.isNegative() || readRpcTimeout.isZero()) {
            throw new IllegalArgumentException("readRpcTimeout must be positive, was " + readRpcTimeout);
        }
    }

    /** The defaults: 10 s per call, 1 s per read attempt, plaintext gRPC channels. */
    public static ClientConfig of(List<String> pdEndpoints) {
        return new ClientConfig(pdEndpoints, DEFAULT_CALL_TIMEOUT, DEFAULT_READ_RPC_TIMEOUT, Backoff.DEFAULT, ChannelFactory.PLAINTEXT);
    }

    public ClientConfig withCallTimeout(Duration timeout) {
        return new ClientConfig(pdEndpoints, timeout, readRpcTimeout, backoff, channels);
    }

    /** Channels secured by {@code security} (mutual TLS with a member or client certificate); the caller closes it. */
    public ClientConfig withSecurity(TransportSecurity security) {
        return new ClientConfig(pdEndpoints, callTimeout, readRpcTimeout, backoff, ChannelFactory.secured(security));
    }

    public ClientConfig withReadRpcTimeout(Duration timeout) {
        return new ClientConfig(pdEndpoints, callTimeout, timeout, backoff, channels);
    }
}
