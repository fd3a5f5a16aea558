package io.managedkvs.redis.actuator;

import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Subscribes to one Sentinel at a time on a dedicated daemon thread and hands failover events to a
 * listener, so that the read-write Service follows a failover within a second rather than at the
 * next periodic resync. Bounded: one thread, one connection; a lost connection is retried on the
 * next Sentinel with exponential backoff (up to {@link #MAX_BACKOFF_MILLIS}); an idle connection is
 * renewed every {@link #IDLE_MILLIS} so that a silently dead Sentinel is noticed.
 */
public final class SentinelEventWatcher implements AutoCloseable {

    /** The events that mean the primary changed or may change soon. */
    public static final List<String> CHANNELS = List.of("+switch-master", "+odown", "-odown", "+sdown", "-sdown",
            "+failover-end", "-failover-abort-no-good-slave", "+convert-to-slave");
    static final int IDLE_MILLIS = 30_000;
    static final long MAX_BACKOFF_MILLIS = 30_000;

    private static final Logger LOG = LoggerFactory.getLogger(SentinelEventWatcher.class);

    private final RedisClients clients;
    private final Supplier<List<Endpoint>> sentinels;
    private final Consumer<SentinelEvent> listener;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Jedis connection;
    private volatile JedisPubSub subscription;

    /**
     * @param name      names the thread, for example the instance
     * @param clients   connections, with the password
     * @param sentinels the Sentinels to subscribe to, read again on every reconnect
     * @param listener  called on the watcher's thread for each event; must return quickly
     */
    public SentinelEventWatcher(String name, RedisClients clients, Supplier<List<Endpoint>> sentinels, Consumer<SentinelEvent> listener) {
        this.clients = clients;
        this.sentinels = sentinels;
        this.listener = listener;
        this.thread = new Thread(this::run, "sentinel-events-" + name);
        this.thread.setDaemon(true);
    }

    public SentinelEventWatcher start() {
        thread.start();
        return this;
    }

    public boolean isRunning() {
        return thread.isAlive() && !closed.get();
    }

    private void run() {
        int failures = 0;
        int next = 0;
        boolean missedEvents = false;
        while (!closed.get()) {
            List<Endpoint> list = sentinels.get();
            if (list.isEmpty()) {
                pause(backoff(++failures));
                continue;
            }
            Endpoint sentinel = list.get(Math.floorMod(next, list.size()));
            try (Jedis jedis = clients.open(sentinel, IDLE_MILLIS)) {
                connection = jedis;
                JedisPubSub pubSub = new Listener(sentinel.name(), missedEvents);
                subscription = pubSub;
                failures = 0;
                jedis.subscribe(pubSub, CHANNELS.toArray(String[]::new));
                missedEvents = false;
            } catch (JedisException e) {
                if (closed.get()) {
                    break;
                }
                if (isIdleTimeout(e)) {
                    missedEvents = false;
                    continue; // renew the subscription on the same Sentinel
                }
                missedEvents = true;
                next++;
                LOG.debug("Subscription to Sentinel {} lost: {}", sentinel.name(), clients.scrub(e.getMessage()));
                pause(backoff(++failures));
            } catch (RedisAuthenticationException e) {
                missedEvents = true;
                next++;
                if (failures == 0) {
                    LOG.warn("Cannot subscribe to Sentinel events: {}", e.getMessage());
                }
                pause(backoff(++failures));
            } catch (RuntimeException e) {
                missedEvents = true;
                next++;
                LOG.warn("Subscription to Sentinel {} failed", sentinel.name(), e);
                pause(backoff(++failures));
            } finally {
                connection = null;
                subscription = null;
            }
        }
    }

    static long backoff(int failures) {
        return Math.min(MAX_BACKOFF_MILLIS, 250L << Math.min(failures, 10));
    }

    private static boolean isIdleTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed.set(true);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        JedisPubSub s = subscription;
        if (s != null && s.isSubscribed()) {
            try {
                s.unsubscribe();
            } catch (RuntimeException e) {
                // The connection is closed below anyway.
            }
        }
        Jedis c = connection;
        if (c != null) {
            c.close();
        }
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Listener extends JedisPubSub {
        private final String sentinel;
        private boolean announceResubscribe;

        Listener(String sentinel, boolean announceResubscribe) {
            this.sentinel = sentinel;
            this.announceResubscribe = announceResubscribe;
        }

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            if (announceResubscribe && subscribedChannels == CHANNELS.size()) {
                announceResubscribe = false;
                deliver(new SentinelEvent(SentinelEvent.RESUBSCRIBED, "", sentinel));
            }
        }

        @Override
        public void onMessage(String channel, String message) {
            deliver(new SentinelEvent(channel, message, sentinel));
        }

        private void deliver(SentinelEvent event) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("Sentinel event listener failed on {}", event.channel(), e);
            }
        }
    }
}
