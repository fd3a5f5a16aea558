package io.managedkvs.cli.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * One client that writes {@code <prefix><n> = <n>} with n = 0, 1, 2, ... one write at a time with a
 * short pause between writes, and logs every acknowledged write. A write that fails or times out has
 * an unknown outcome: its number is never used again, it is not logged, and the writer opens its
 * connection again after a short pause, as an application would. What it writes to is a {@link Sink}:
 * Redis through a read-write address, or raft-kv through its client.
 */
public final class AckedWriter implements AutoCloseable {

    /** Where writes go; opened again after a failed write. */
    public interface Sink extends AutoCloseable {
        void set(String key, String value);

        @Override
        void close();
    }

    /** Between writes: about a thousand writes a second, enough to time an outage to the millisecond. */
    static final long PACE_NANOS = 1_000_000;
    /** Before reconnecting after a failed write. */
    static final long RETRY_NANOS = 10_000_000;

    private final Supplier<Sink> opener;
    private final String prefix;
    private final AckLog log = new AckLog();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;
    private volatile long acknowledged;
    private volatile long failed;
    private volatile long lastSentAckedNanos;
    private volatile boolean anyAcked;

    public AckedWriter(Supplier<Sink> opener, String prefix) {
        this.opener = opener;
        this.prefix = prefix;
        this.thread = new Thread(this::run, "acked-writer");
        this.thread.setDaemon(true);
    }

    /** A writer through a Redis address (the playground's read-write address). */
    public static AckedWriter redis(InetSocketAddress target, Optional<String> password, String prefix, Duration timeout) {
        return new AckedWriter(() -> {
            Jedis jedis = connect(target, password, (int) timeout.toMillis());
            return new Sink() {
                @Override
                public void set(String key, String value) {
                    jedis.set(key, value);
                }

                @Override
                public void close() {
                    closeQuietly(jedis);
                }
            };
        }, prefix);
    }

    public AckedWriter start() {
        thread.start();
        return this;
    }

    public long acknowledged() {
        return acknowledged;
    }

    public long failed() {
        return failed;
    }

    /** Whether a write sent after {@code nanos} has been acknowledged. */
    public boolean ackedSentAfter(long nanos) {
        return anyAcked && lastSentAckedNanos - nanos > 0;
    }

    private void run() {
        long n = 0;
        Sink sink = null;
        while (!stop.get()) {
            try {
                if (sink == null) {
                    sink = opener.get();
                }
                long seq = n++;
                long sent = System.nanoTime();
                sink.set(LostWrites.key(prefix, seq), Long.toString(seq));
                long ack = System.nanoTime();
                log.add(seq, sent, ack);
                lastSentAckedNanos = sent;
                anyAcked = true;
                acknowledged++;
                LockSupport.parkNanos(PACE_NANOS);
            } catch (RuntimeException e) {
                failed++;
                if (sink != null) {
                    sink.close();
                    sink = null;
                }
                LockSupport.parkNanos(RETRY_NANOS);
            }
        }
        if (sink != null) {
            sink.close();
        }
    }

    private static Jedis connect(InetSocketAddress target, Optional<String> password, int timeoutMillis) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .clientName("kvsctl-bench")
                .resp2()
                .autoNegotiateProtocol(false);
        password.ifPresent(config::password);
        return new Jedis(new HostAndPort(target.getHostString(), target.getPort()), config.build());
    }
    private static void closeQuietly(Jedis jedis) {
        try {
            jedis.close();
        } catch (RuntimeException e) {
            // The connection is gone either way.
        }
    }

    /** Stops writing and returns every acknowledged write. */
    public AckLog stop() {
        stop.set(true);
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new IllegalStateException("the writer did not stop within 30 s");
        }
        return log;
    }

    @Override
    public void close() {
        stop.set(true);
    }
}
