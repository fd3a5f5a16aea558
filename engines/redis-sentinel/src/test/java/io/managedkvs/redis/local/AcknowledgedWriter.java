package io.managedkvs.redis.local;

import io.managedkvs.redis.actuator.Endpoint;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Writes numbered keys to whatever member Sentinel names as the primary, and remembers every write
 * the primary acknowledged. Bounded: it stops after {@code maxWrites} or when closed.
 */
final class AcknowledgedWriter implements AutoCloseable {

    private final LocalRedisCluster cluster;
    private final String password;
    private final long maxWrites;
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    AcknowledgedWriter(LocalRedisCluster cluster, String password, long maxWrites) {
        this.cluster = cluster;
        this.password = password;
        this.maxWrites = maxWrites;
        this.thread = new Thread(this::run, "acknowledged-writer");
        this.thread.setDaemon(true);
    }

    AcknowledgedWriter start() {
        thread.start();
        return this;
    }

    private void run() {
        long n = 0;
        Jedis jedis = null;
        while (!stop.get() && n < maxWrites) {
            try {
                if (jedis == null) {
                    Endpoint primary = cluster.actuator().primaryBySentinel(cluster.topology()).orElse(null);
                    if (primary == null) {
                        ClusterFixture.sleep(50);
                        continue;
                    }
                    jedis = ClusterFixture.connect(cluster, primary.name(), password);
                }
                String key = "w:" + n;
                jedis.set(key, Long.toString(n));
                acknowledged.add(key);
                n++;
                ClusterFixture.sleep(2);
            } catch (JedisException e) {
                errors.incrementAndGet();
                n++; // the write's outcome is unknown: never reuse its key
                if (jedis != null) {
                    jedis.close();
                    jedis = null;
                }
                ClusterFixture.sleep(50);
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
