package io.managedkvs.raft.sim;

import io.managedkvs.raft.message.Message;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A simulated network: messages in flight ordered by delivery time (random delays reorder them),
 * loss, duplication, and directed links that are cut (symmetric and asymmetric partitions).
 */
final class SimNetwork {

    /** Something that happens at a time: a delivery, or a transport report back to a sender. */
    record Event(long time, long seq, Message message, long reportTo, long reportPeer, boolean reportSuccess, boolean unreachable) {
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> a.time != b.time
            ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private final Set<Long> cut = new HashSet<>();
    /** Directed links that carry no leader traffic (appends, heartbeats, snapshots): votes still pass. */
    private final Set<Long> leaderTrafficBlocked = new HashSet<>();
    /** Nodes whose vote and pre-vote requests are lost. */
    private final Set<Long> campaignBlocked = new HashSet<>();
    private long seq;

    void schedule(long time, Message m) {
        queue.add(new Event(time, seq++, m, 0, 0, false, false));
    }

    void scheduleReport(long time, long to, long peer, boolean success) {
        queue.add(new Event(time, seq++, null, to, peer, success, false));
    }

    void scheduleUnreachable(long time, long to, long peer) {
        queue.add(new Event(time, seq++, null, to, peer, false, true));
    }

    /** The next event due at or before {@code now}, or null. */
    Event poll(long now) {
        Event e = queue.peek();
        if (e == null || e.time > now) {
            return null;
        }
        return queue.poll();
    }

    boolean linked(long from, long to) {
        return !cut.contains(from * 1_000_003L + to);
    }

    /** Whether {@code m} gets through: its link is up and no filter drops it. */
    boolean delivers(Message m) {
        if (!linked(m.from(), m.to())) {
            return false;
        }
        return switch (m.type()) {
            case APPEND, HEARTBEAT, SNAPSHOT -> !leaderTrafficBlocked.contains(m.from() * 1_000_003L + m.to());
            case VOTE, PRE_VOTE -> !campaignBlocked.contains(m.from());
            default -> true;
        };
    }

    void blockLeaderTraffic(long from, long to) {
        leaderTrafficBlocked.add(from * 1_000_003L + to);
    }

    void blockCampaigns(long from) {
        campaignBlocked.add(from);
    }

    void cut(long from, long to) {
        cut.add(from * 1_000_003L + to);
    }

    void heal() {
        cut.clear();
        leaderTrafficBlocked.clear();
        campaignBlocked.clear();
    }

    boolean partitioned() {
        return !cut.isEmpty() || !leaderTrafficBlocked.isEmpty() || !campaignBlocked.isEmpty();
    }
}
