package io.managedkvs.raftkv.client;

import io.grpc.ManagedChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One channel per address, opened on first use and kept: gRPC multiplexes every call to a store
 * over it, and reconnects by itself when the store comes back. Each address also keeps the stub
 * made from its channel, so a request creates none.
 *
 * @param <S> the stub type
 */
final class Channels<S> implements AutoCloseable {

    private record Entry<S>(ManagedChannel channel, S stub) {
    }

    private final ChannelFactory factory;
    private final Function<ManagedChannel, S> stubs;
    private final Map<String, Entry<S>> byAddress = new ConcurrentHashMap<>();
    private volatile boolean closed;

    Channels(ChannelFactory factory, Function<ManagedChannel, S> stubs) {
        this.factory = factory;
        this.stubs = stubs;
    }

    /** The stub for {@code address}. Runs per request: a map lookup once the channel exists. */
    S stub(String address) {
        Entry<S> e = byAddress.get(address);
        if (e != null) {
            return e.stub();
        }
        if (closed) {
            throw new RaftKvException("the client is closed");
        }
        return byAddress.computeIfAbsent(address, a -> {
            ManagedChannel ch = factory.open(a);
            return new Entry<>(ch, stubs.apply(ch));
        }).stub();
    }

    @Override
    public void close() {
        closed = true;
        for (Entry<S> e : byAddress.values()) {
            e.channel().shutdown();
        }
        for (Entry<S> e : byAddress.values()) {
            try {
                if (!e.channel().awaitTermination(2, TimeUnit.SECONDS)) {
                    e.channel().shutdownNow();
                }
            } catch (InterruptedException ex) {
                e.channel().shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        byAddress.clear();
    }
}
