package io.managedkvs.redis.actuator;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Subscribes to every Sentinel of an instance and hands failover events to a listener, so that the
 * read-write Service follows a failover as soon as any Sentinel announces it rather than at the next
 * periodic resync.
 *
 * <p>Every Sentinel, because they announce at different times: the one leading a failover publishes
 * {@code +switch-master} only when the failover ends, about a second after the promotion, while the
 * others publish it within milliseconds of learning the new configuration; and any one of them may be
 * down. An event published by several Sentinels reaches the listener once ({@link #DEDUPE_MILLIS}).
 *
 * <p>A subscribed connection is sent {@code PING} every {@link #PING_MILLIS} (Redis answers it in
 * subscribed mode); one that has not answered for {@link #DEAD_AFTER_MILLIS} is closed and opened
 * again, with backoff up to {@link #MAX_BACKOFF_MILLIS}. That catches a Sentinel that died without
 * closing its connections (a node lost, a frozen process), which a blocked read would never notice.
 *
 * <p>Bounded: one thread and one connection per Sentinel, and one thread that pings and follows the
 * list of Sentinels.
 */
public final class SentinelEventWatcher implements AutoCloseable {

    /** The events that mean the primary changed or may change soon. */
    public static final List<String> CHANNELS = List.of("+switch-master", "+promoted-slave", "+failover-state-reconf-slaves",
            "+odown", "-odown", "+sdown", "-sdown", "+failover-end", "-failover-abort-no-good-slave", "+convert-to-slave");
    static final long PING_MILLIS = 500;
    static final int DEAD_AFTER_MILLIS = 1500;
    static final long DEDUPE_MILLIS = 2000;
    static final long MAX_BACKOFF_MILLIS = 5000;

    private static final Logger LOG = LoggerFactory.getLogger(SentinelEventWatcher.class);

    private final String name;
    private final RedisClients clients;
    private final Supplier<List<Endpoint>> sentinels;
    private final Consumer<SentinelEvent> listener;
    private final ScheduledExecutorService keeper;
    private final Map<Endpoint, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Events delivered lately, by channel and message, with when: guarded by itself. */
    private final Map<String, Long> recent = new LinkedHashMap<>();

    /**
     * @param name      names the threads, for example the instance
     * @param clients   connections, with the password
     * @param sentinels the Sentinels to subscribe to, read again every {@link #PING_MILLIS}
     * @param listener  called for each distinct event, one at a time; must return quickly
     */
    public SentinelEventWatcher(String name, RedisClients clients, Supplier<List<Endpoint>> sentinels, Consumer<SentinelEvent> listener) {
        this.name = name;
        this.clients = clients;
        this.sentinels = sentinels;
        this.listener = listener;
        this.keeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sentinel-events-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    public SentinelEventWatcher start() {
        keeper.scheduleWithFixedDelay(this::tick, 0, PING_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    public boolean isRunning() {
        return !closed.get() && !keeper.isShutdown();
    }

    private void tick() {
        try {
            follow(sentinels.get());
            long now = System.nanoTime();
            subscriptions.values().forEach(s -> s.check(now));
        } catch (RuntimeException e) {
            LOG.warn("Sentinel event watcher {} failed a round", name, e);
        }
    }

    /** Subscribes to new Sentinels and drops those no longer listed. */
    private void follow(List<Endpoint> wanted) {
        if (closed.get()) {
            return;
        }
        Set<Endpoint> keep = new HashSet<>(wanted);
        for (Iterator<Map.Entry<Endpoint, Subscription>> it = subscriptions.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Endpoint, Subscription> e = it.next();
            if (!keep.contains(e.getKey())) {
                it.remove();
                e.getValue().close();
            }
        }
        for (Endpoint e : wanted) {
            subscriptions.computeIfAbsent(e, s -> new Subscription(s).start());
        }
    }

    static long backoff(int failures) {
        return Math.min(MAX_BACKOFF_MILLIS, 250L << Math.min(failures, 10));
    }

    /** Hands an event to the listener unless the same one was handed over within {@link #DEDUPE_MILLIS}. */
    private void deliver(SentinelEvent event) {
        synchronized (recent) {
            long now = System.nanoTime();
            recent.values().removeIf(at -> now - at > TimeUnit.MILLISECONDS.toNanos(DEDUPE_MILLIS));
            String key = event.channel() + " " + event.message();
            if (recent.containsKey(key) || closed.get()) {
                return;
            }
            recent.put(key, now);
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("Sentinel event listener failed on {}", event.channel(), e);
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        keeper.shutdownNow();
        Map<Endpoint, Subscription> all = new HashMap<>(subscriptions);
        subscriptions.clear();
        all.values().forEach(Subscription::close);
        all.values().forEach(Subscription::join);
    }

    /** One Sentinel's subscription, on its own thread, renewed whenever it is lost. */
    private final class Subscription {
        private final Endpoint sentinel;
        private final Thread thread;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private volatile Jedis connection;
        private volatile Listener pubSub;
        private volatile long lastHeard;

        Subscription(Endpoint sentinel) {
            this.sentinel = sentinel;
            this.thread = new Thread(this::run, "sentinel-events-" + name + "-" + sentinel.name());
            this.thread.setDaemon(true);
        }

        Subscription start() {
            thread.start();
            return this;
        }

        private void run() {
            int failures = 0;
            boolean missedEvents = false;
            while (!stopped.get()) {
                try (Jedis jedis = clients.open(sentinel, DEAD_AFTER_MILLIS)) {
                    connection = jedis;
                    Listener l = new Listener(sentinel.name(), missedEvents);
                    lastHeard = System.nanoTime();
                    pubSub = l;
                    jedis.subscribe(l, CHANNELS.toArray(String[]::new));
                } catch (JedisException | RedisAuthenticationException e) {
                    if (stopped.get()) {
                        break;
                    }
                    if (pubSub != null && pubSub.established) {
                        failures = 0; // it worked until now: try again soon
                    }
                    missedEvents = true;
                    if (failures == 0) {
                        LOG.debug("Subscription to Sentinel {} lost or refused: {}", sentinel.name(), clients.scrub(e.getMessage()));
                    }
                    pause(backoff(++failures));
                } catch (RuntimeException e) {
                    missedEvents = true;
                    LOG.warn("Subscription to Sentinel {} failed", sentinel.name(), e);
                    pause(backoff(++failures));
                } finally {
                    connection = null;
                    pubSub = null;
                }
            }
        }

        /** From the keeper: pings a live subscription, and closes one that stopped answering. */
        void check(long now) {
            Listener l = pubSub;
            Jedis c = connection;
            if (l == null || c == null) {
                return;
            }
            if (now - lastHeard > TimeUnit.MILLISECONDS.toNanos(DEAD_AFTER_MILLIS)) {
                LOG.debug("Sentinel {} has not answered for {} ms; subscribing again", sentinel.name(), DEAD_AFTER_MILLIS);
                c.close(); // the subscribed read fails and the loop opens a new connection
                return;
            }
            if (l.established) {
                try {
                    l.ping();
                } catch (RuntimeException e) {
                    c.close();
                }
            }
        }

        private void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped.set(true);
            }
        }

        void close() {
            stopped.set(true);
            Listener l = pubSub;
            if (l != null && l.isSubscribed()) {
                try {
                    l.unsubscribe();
                } catch (RuntimeException e) {
                    // The connection is closed below anyway.
                }
            }
            Jedis c = connection;
            if (c != null) {
                c.close();
            }
            thread.interrupt();
        }

        void join() {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private final class Listener extends JedisPubSub {
            private final String from;
            private boolean announceResubscribe;
            private volatile boolean established;

            Listener(String from, boolean announceResubscribe) {
                this.from = from;
                this.announceResubscribe = announceResubscribe;
            }

            @Override
            public void onSubscribe(String channel, int subscribedChannels) {
                lastHeard = System.nanoTime();
                if (subscribedChannels == CHANNELS.size()) {
                    established = true;
                    if (announceResubscribe) {
                        announceResubscribe = false;
                        deliver(new SentinelEvent(SentinelEvent.RESUBSCRIBED, "", from));
                    }
                }
            }

            @Override
            public void onPong(String pattern) {
                lastHeard = System.nanoTime();
            }

            @Override
            public void onMessage(String channel, String message) {
                lastHeard = System.nanoTime();
                deliver(new SentinelEvent(channel, message, from));
            }
        }
    }
}
