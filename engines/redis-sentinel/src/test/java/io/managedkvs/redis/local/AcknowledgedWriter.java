package io.managedkvs.redis.local;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Writes numbered keys as an application would, and remembers every write that was acknowledged.
 * A write that failed counts as an error and its key is never reused (its outcome is unknown).
 * Bounded: it stops after {@code maxWrites} or when closed.
 */
final class AcknowledgedWriter implements AutoCloseable {

    private static final long PAUSE_MILLIS = 2;
    private static final long RETRY_MILLIS = 50;

    private final Supplier<Optional<Jedis>> connect;
    private final long maxWrites;
    private final long writesPerConnection;
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final AtomicLong errors = new AtomicLong();
    private volatile String lastError;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    /** Writes to whatever member Sentinel names as the primary, on one connection kept until it fails. */
    AcknowledgedWriter(LocalRedisCluster cluster, String password, long maxWrites) {
        this(() -> cluster.actuator().primaryBySentinel(cluster.topology()).map(p -> ClusterFixture.connect(cluster, p.name(), password)),
                maxWrites, Long.MAX_VALUE);
    }

    /**
     * @param connect             opens a connection to the member to write to; empty while there is none
     * @param writesPerConnection after this many writes the connection is closed and a new one opened
     *                            (a new TLS handshake each time)
     */
    AcknowledgedWriter(Supplier<Optional<Jedis>> connect, long maxWrites, long writesPerConnection) {
        this.connect = connect;
        this.maxWrites = maxWrites;
        this.writesPerConnection = writesPerConnection;
        this.thread = new Thread(this::run, "acknowledged-writer");
        this.thread.setDaemon(true);
    }

    AcknowledgedWriter start() {
        thread.start();
        return this;
    }

    private void run() {
        long n = 0;
        long onConnection = 0;
        Jedis jedis = null;
        while (!stop.get() && n < maxWrites) {
            try {
                if (jedis == null) {
                    jedis = connect.get().orElse(null);
                    if (jedis == null) {
                        ClusterFixture.sleep(RETRY_MILLIS);
                        continue;
                    }
                    onConnection = 0;
                }
                String key = "w:" + n;
                jedis.set(key, Long.toString(n));
                acknowledged.add(key);
                n++;
                if (++onConnection == writesPerConnection) {
                    jedis.close();
                    jedis = null;
                }
                ClusterFixture.sleep(PAUSE_MILLIS);
            } catch (JedisException e) {
                errors.incrementAndGet();
                lastError = e.toString();
                n++; // the write's outcome is unknown: never reuse its key
                if (jedis != null) {
                    jedis.close();
                    jedis = null;
                }
                ClusterFixture.sleep(RETRY_MILLIS);
            }
        }
        if (jedis != null) {
            jedis.close();
        }
    }

    List<String> acknowledged() {
        return List.copyOf(acknowledged);
    }

    long errors() {
        return errors.get();
    }

    /** The last failure, or null when there was none. */
    String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        stop.set(true);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
