package io.managedkvs.raft.harness;

import io.managedkvs.raft.RaftConfig;
import io.managedkvs.raft.RaftNode;
import io.managedkvs.raft.ReadState;
import io.managedkvs.raft.Ready;
import io.managedkvs.raft.Role;
import io.managedkvs.raft.TestingBridge;
import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.membership.MembershipChanger;
import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.EntryType;
import io.managedkvs.raft.message.Message;
import io.managedkvs.raft.storage.MemoryStorage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Nodes of one group wired by an in-memory network that the test controls message by message: a
 * node's outgoing messages wait in the receiver's inbox until delivered, and links can be cut.
 * The application side persists into {@link MemoryStorage} and records what it applied.
 */
public final class Cluster {

    /** One node and its application. */
    public static final class Member {
        public final long id;
        public RaftConfig config;
        public final MemoryStorage storage;
        public RaftNode node;
        public final ArrayDeque<Message> inbox = new ArrayDeque<>();
        /** Messages taken out of the inbox to arrive later, out of order. */
        final ArrayDeque<Message> held = new ArrayDeque<>();
        public final List<Entry> applied = new ArrayList<>();
        public final List<ReadState> reads = new ArrayList<>();
        public ConfState appliedConf;
        final TestingBridge.Bug bug;

        Member(long id, RaftConfig config, MemoryStorage storage, ConfState initial, TestingBridge.Bug bug) {
            this.id = id;
            this.config = config;
            this.storage = storage;
            this.appliedConf = initial;
            this.bug = bug;
            this.node = TestingBridge.newNode(config, storage, bug);
        }
    }

    private final TreeMap<Long, Member> members = new TreeMap<>();
    private final Set<Long> cut = new HashSet<>();
    private Consumer<String> out = line -> { };

    /** Where descriptions of Readys and deliveries go; silent by default. */
    public void output(Consumer<String> sink) {
        this.out = sink;
    }

    public Member add(RaftConfig cfg, ConfState initial) {
        return add(cfg, initial, TestingBridge.Bug.NONE);
    }

    public Member add(RaftConfig cfg, ConfState initial, TestingBridge.Bug bug) {
        Member m = new Member(cfg.id(), cfg, new MemoryStorage(initial), initial, bug);
        members.put(cfg.id(), m);
        return m;
    }

    /** Adds a node that a split has just created ({@link RaftNode#createdBySplit}); a restart starts it as any other. */
    public Member addCreatedBySplit(RaftConfig cfg, ConfState initial, long splitLeader, TestingBridge.Bug bug) {
        Member m = add(cfg, initial, bug);
        m.node = TestingBridge.newSplitNode(cfg, m.storage, bug, splitLeader);
        return m;
    }

    public Member member(long id) {
        Member m = members.get(id);
        if (m == null) {
            throw new IllegalArgumentException("no node " + id);
        }
        return m;
    }

    public RaftNode node(long id) {
        return member(id).node;
    }

    public Set<Long> ids() {
        return members.keySet();
    }

    /** Drops a node's volatile state and starts it again from its storage. */
    public void restart(long id) {
        Member m = member(id);
        m.inbox.clear();
        m.node = TestingBridge.newNode(m.config, m.storage, m.bug);
        m.appliedConf = m.storage.snapshot().confState();
        m.applied.clear();
    }

    public void isolate(long id) {
        for (long other : members.keySet()) {
            if (other != id) {
                cut(id, other);
                cut(other, id);
            }
        }
    }

    /** Cuts every link between the groups, keeping links within each. */
    public void partition(List<Set<Long>> groups) {
        heal();
        for (Set<Long> a : groups) {
            for (Set<Long> b : groups) {
                if (a != b) {
                    for (long x : a) {
                        for (long y : b) {
                            cut(x, y);
                        }
                    }
                }
            }
        }
    }

    public void cut(long from, long to) {
        cut.add(link(from, to));
    }

    public void heal() {
        cut.clear();
    }

    private static long link(long from, long to) {
        return from * 1_000_003L + to;
    }

    /** Handles one Ready of {@code id} as a store would: persist, send, apply, advance. */
    public Ready processReady(long id) {
        Member m = member(id);
        Ready rd = m.node.ready();
        out.accept("> " + id + " handling Ready");
        describe(rd);
        if (rd.snapshot() != null) {
            m.storage.applySnapshot(rd.snapshot());
            m.appliedConf = rd.snapshot().confState();
        }
        m.storage.append(rd.entries());
        if (rd.hardState() != null) {
            m.storage.setHardState(rd.hardState());
        }
        for (Message msg : rd.messages()) {
            Member to = members.get(msg.to());
            if (to != null && !cut.contains(link(msg.from(), msg.to()))) {
                to.inbox.add(msg);
            }
        }
        for (Entry e : rd.committedEntries()) {
            m.applied.add(e);
            if (e.type() == EntryType.CONF_CHANGE) {
                m.appliedConf = MembershipChanger.applyFromLog(m.appliedConf, e.data());
            }
        }
        m.reads.addAll(rd.readStates());
        m.node.advance();
        return rd;
    }

    private void describe(Ready rd) {
        out.accept("  " + rd.role() + " lead=" + rd.leaderId());
        if (rd.hardState() != null) {
            out.accept("  HardState term=" + rd.hardState().term() + " vote=" + rd.hardState().vote() + " commit=" + rd.hardState().commit());
        }
        if (rd.snapshot() != null) {
            out.accept("  Snapshot " + rd.snapshot().term() + "/" + rd.snapshot().index() + " " + rd.snapshot().confState());
        }
        if (!rd.entries().isEmpty()) {
            out.accept("  Entries:");
            for (Entry e : rd.entries()) {
                out.accept("    " + Describe.entry(e));
            }
        }
        if (!rd.committedEntries().isEmpty()) {
            out.accept("  Committed:");
            for (Entry e : rd.committedEntries()) {
                out.accept("    " + Describe.entry(e));
            }
        }
        if (!rd.messages().isEmpty()) {
            out.accept("  Messages:");
            for (Message msg : rd.messages()) {
                out.accept("    " + Describe.message(msg) + (cut.contains(link(msg.from(), msg.to())) || !members.containsKey(msg.to()) ? " (dropped)" : ""));
            }
        }
        for (ReadState r : rd.readStates()) {
            out.accept("  ReadState request=" + r.requestId() + " index=" + r.index());
        }
    }

    /** Steps every message waiting for {@code id}; returns how many. */
    public int deliver(long id) {
        Member m = member(id);
        if (m.inbox.isEmpty()) {
            return 0;
        }
        out.accept("> " + id + " receiving messages");
        int n = 0;
        while (!m.inbox.isEmpty()) {
            Message msg = m.inbox.poll();
            out.accept("  " + Describe.message(msg));
            m.node.step(msg);
            n++;
        }
        return n;
    }

    /** Drops every message waiting for {@code id}; returns how many. */
    public int dropInbox(long id) {
        Member m = member(id);
        int n = m.inbox.size();
        m.inbox.clear();
        return n;
    }

    /** Takes the messages from {@code from} out of {@code id}'s inbox, to arrive later; returns them. */
    public List<Message> hold(long id, long from) {
        Member m = member(id);
        List<Message> taken = new ArrayList<>();
        m.inbox.removeIf(msg -> {
            if (msg.from() == from) {
                taken.add(msg);
                return true;
            }
            return false;
        });
        m.held.addAll(taken);
        return taken;
    }

    /** Puts the held messages of {@code id} at the end of its inbox: they arrive after everything sent meanwhile. */
    public int release(long id) {
        Member m = member(id);
        int n = m.held.size();
        m.inbox.addAll(m.held);
        m.held.clear();
        return n;
    }

    /** Processes Readys and delivers messages until nothing moves (no ticks). */
    public void stabilize() {
        boolean moved = true;
        int rounds = 0;
        while (moved) {
            if (++rounds > 10_000) {
                throw new IllegalStateException("cluster does not stabilize");
            }
            moved = false;
            for (long id : members.keySet()) {
                if (node(id).hasReady()) {
                    processReady(id);
                    moved = true;
                }
            }
            for (long id : members.keySet()) {
                if (deliver(id) > 0) {
                    moved = true;
                }
            }
        }
    }

    public void tick(long id, int n) {
        for (int i = 0; i < n; i++) {
            node(id).tick();
        }
    }

    /** The node that is leader in the highest term, or 0. */
    public long leader() {
        long best = 0;
        long bestTerm = -1;
        for (Member m : members.values()) {
            if (m.node.role() == Role.LEADER && m.node.term() > bestTerm) {
                best = m.id;
                bestTerm = m.node.term();
            }
        }
        return best;
    }

    /** Compacts {@code id}'s storage up to {@code index}, snapshotting its applied state first. */
    public void compact(long id, long index) {
        Member m = member(id);
        if (index > m.storage.snapshot().index()) {
            m.storage.createSnapshot(index, confAt(m, index), ("snap@" + index).getBytes());
        }
        m.storage.compact(index);
    }

    private static ConfState confAt(Member m, long index) {
        if (index != m.node.appliedIndex()) {
            throw new IllegalArgumentException("index: compact at the applied index " + m.node.appliedIndex() + ", not " + index);
        }
        return m.appliedConf;
    }
}
