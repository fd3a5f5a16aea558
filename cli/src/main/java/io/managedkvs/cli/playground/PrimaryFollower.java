package io.managedkvs.cli.playground;

import io.managedkvs.cli.forward.TcpForwarder;
import io.managedkvs.redis.actuator.Endpoint;
import io.managedkvs.redis.actuator.SentinelEvent;
import io.managedkvs.redis.actuator.SentinelEventWatcher;
import io.managedkvs.redis.actuator.Topology;
import io.managedkvs.redis.local.LocalRedisCluster;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the read-write forwarder on the primary, as the operator keeps the read-write Service on it:
 * at once on Sentinel's {@code +switch-master} (the engine's subscription), and on every reconcile
 * from the primary the engine resolved from Sentinel's newest view, which catches an event missed
 * while the subscription was down. A reconcile that began before the last event may have seen the
 * old view, so it does not override the event.
 */
final class PrimaryFollower implements AutoCloseable {

    private final LocalRedisCluster cluster;
    private final TcpForwarder forwarder;
    private final EventLog events;
    private final Runnable onSwitch;
    private final AtomicLong switchEvents = new AtomicLong();
    private volatile long lastEventNanos;
    private volatile boolean eventSeen;
    private String lastSwitchMessage;
    private Endpoint current;
    private SentinelEventWatcher watcher;

    /**
     * @param onSwitch called after a {@code +switch-master}, on the watcher's thread; must return quickly
     */
    PrimaryFollower(LocalRedisCluster cluster, TcpForwarder forwarder, EventLog events, Runnable onSwitch) {
        this.cluster = cluster;
        this.forwarder = forwarder;
        this.events = events;
        this.onSwitch = onSwitch;
    }

    /** Points the forwarder at the bootstrapped primary and subscribes to Sentinel's events. */
    PrimaryFollower start(Endpoint primary) {
        synchronized (this) {
            current = primary;
            forwarder.retarget(address(primary));
        }
        watcher = cluster.actuator().watch(cluster.topology(), this::onEvent);
        return this;
    }

    synchronized Endpoint current() {
        return current;
    }

    /** Failovers seen: distinct {@code +switch-master} events. */
    long switchEvents() {
        return switchEvents.get();
    }

    private void onEvent(SentinelEvent event) {
        if (!event.isSwitchMaster()) {
            return;
        }
        Topology topology = cluster.topology();
        Optional<Endpoint> promoted = parseSwitch(event.message(), topology);
        if (promoted.isEmpty()) {
            return;
        }
        synchronized (this) {
            lastEventNanos = System.nanoTime();
            eventSeen = true;
            if (!event.message().equals(lastSwitchMessage)) {
                // Each Sentinel reports the switch; the watcher drops repeats within a short window, and the
                // leader's own report, which comes about a second later at +failover-end, is dropped here.
                lastSwitchMessage = event.message();
                switchEvents.incrementAndGet();
            }
        }
        follow(promoted.get(), "Sentinel announced +switch-master");
        onSwitch.run();
    }

    /** The primary a reconcile that began at {@code roundStartedNanos} resolved. */
    void fromReconcile(long roundStartedNanos, Optional<Endpoint> primary) {
        if (primary.isEmpty() || (eventSeen && roundStartedNanos - lastEventNanos < 0)) {
            return;
        }
        follow(primary.get(), "the engine's reconcile found a new primary");
    }

    /** The member a controlled failover of the engine promoted: the newest fact there is. */
    void promoted(Optional<Endpoint> primary) {
        primary.ifPresent(p -> follow(p, "the engine's controlled failover promoted it"));
    }

    private void follow(Endpoint primary, String why) {
        synchronized (this) {
            if (primary.equals(current)) {
                return;
            }
            current = primary;
            forwarder.retarget(address(primary));
        }
        events.note("primary is now " + primary.name() + " at " + primary.address() + "; the read-write address "
                + hostPort(forwarder.address()) + " forwards there (" + why + ")");
    }

    /** {@code <master> <old-ip> <old-port> <new-ip> <new-port>}: the new primary, if it is one of ours. */
    static Optional<Endpoint> parseSwitch(String message, Topology topology) {
        String[] f = message.trim().split("\\s+");
        if (f.length != 5 || !f[0].equals(topology.masterName())) {
            return Optional.empty();
        }
        try {
            return topology.redisAt(f[3], Integer.parseInt(f[4]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static InetSocketAddress address(Endpoint e) {
        return new InetSocketAddress(e.dialHost(), e.port());
    }

    static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
    }
}
