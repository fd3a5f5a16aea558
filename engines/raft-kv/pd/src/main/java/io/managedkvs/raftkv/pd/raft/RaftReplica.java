package io.managedkvs.raftkv.pd.raft;

import io.managedkvs.raft.ProposalResult;
import io.managedkvs.raft.RaftConfig;
import io.managedkvs.raft.RaftNode;
import io.managedkvs.raft.Ready;
import io.managedkvs.raft.Role;
import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.EntryType;
import io.managedkvs.raft.message.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * This member's copy of PD's replicated log: a {@link RaftNode} over a {@link DurableRaftLog},
 * the transport to the other members, and the state machine it drives. Single-threaded: every
 * method runs on the loop thread.
 */
public final class RaftReplica {

    /** Entries between snapshots: PD's state is small, so a snapshot is cheap and restarts replay little. */
    static final long COMPACT_EVERY = 5_000;

    /** Hears what the replica does, on the loop thread. */
    public interface Listener {
        /** This member's role or known leader changed. */
        void onRoleChange(Role role, long leaderId, long term);

        /** A Ready was done; entries up to {@code appliedIndex} are applied. */
        void onApplied(long appliedIndex);
    }

    private final RaftNode node;
    private final DurableRaftLog log;
    private final PeerTransport transport;
    private final StateMachine machine;
    private final Listener listener;
    private final Map<Long, Pending> pending = new HashMap<>();
    private Role role;
    private long leaderId;
    private long applied;

    private record Pending(long term, CompletableFuture<Void> done) {
    }

    public RaftReplica(RaftConfig config, DurableRaftLog log, PeerTransport transport, StateMachine machine, Listener listener) {
        this.log = log;
        this.transport = transport;
        this.machine = machine;
        this.listener = listener;
        if (!log.snapshot().isEmpty()) {
            machine.restore(log.snapshot().data());
        }
        this.applied = log.initialState().appliedIndex();
        this.node = new RaftNode(config, log);
        this.role = node.role();
        if (node.confState().voters().size() == 1 && node.confState().isVoter(config.id())) {
            // A group of one need not wait an election timeout to lead.
            node.campaign();
        }
    }

    /** Proposes a command; the future completes once it is applied here, or fails if leadership is lost. */
    public CompletableFuture<Void> propose(byte[] command) {
        ProposalResult r = node.propose(command);
        if (!r.accepted()) {
            return CompletableFuture.failedFuture(new NotLeaderException(r.leaderHint()));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        pending.put(r.index(), new Pending(r.term(), done));
        return done;
    }

    public void tick() {
        node.tick();
    }

    public void step(Message m) {
        node.step(m);
    }

    public void reportUnreachable(long peer) {
        node.reportUnreachable(peer);
    }

    public void reportSnapshot(long peer, boolean success) {
        node.reportSnapshot(peer, success);
    }

    public void transferLeadership(long to) {
        node.transferLeadership(to);
    }

    public boolean isLeader() {
        return role == Role.LEADER;
    }

    /** The leader's id, 0 if none is known. */
    public long leaderId() {
        return leaderId;
    }

    public long id() {
        return node.id();
    }

    public long term() {
        return node.term();
    }

    public long appliedIndex() {
        return applied;
    }

    public long lastIndex() {
        return node.lastIndex();
    }

    /** Does all the work the node has: persist, send, apply, advance. */
    public void processReady() {
        while (node.hasReady()) {
            Ready rd = node.ready();
            log.persist(rd);
            transport.send(rd.messages());
            // Callers' continuations may propose again, which the node refuses before advance(): answer after it.
            List<Runnable> answers = new ArrayList<>();
            if (rd.snapshot() != null) {
                machine.restore(rd.snapshot().data());
                applied = rd.snapshot().index();
                answers.add(() -> failPending(applied));
            }
            for (Entry e : rd.committedEntries()) {
                if (e.type() == EntryType.NORMAL && e.data().length > 0) {
                    machine.apply(e.data());
                }
                applied = e.index();
                Pending p = pending.remove(e.index());
                if (p != null) {
                    answers.add(() -> complete(p, e.term()));
                }
            }
            node.advance();
            answers.forEach(Runnable::run);
            if (rd.role() != role || rd.leaderId() != leaderId) {
                role = rd.role();
                leaderId = rd.leaderId();
                if (role != Role.LEADER) {
                    failPending(Long.MAX_VALUE);
                }
                listener.onRoleChange(role, leaderId, node.term());
            }
        }
        if (applied - log.firstIndex() + 1 > COMPACT_EVERY) {
            log.compact(applied, node.confState(), machine.snapshot());
        }
        listener.onApplied(applied);
    }

    private void complete(Pending p, long term) {
        if (p.term == term) {
            p.done.complete(null);
        } else {
            p.done.completeExceptionally(new NotLeaderException(node.leaderId()));
        }
    }

    private void failPending(long upTo) {
        List<Pending> failed = new ArrayList<>();
        pending.entrySet().removeIf(en -> en.getKey() <= upTo && failed.add(en.getValue()));
        failed.forEach(p -> p.done.completeExceptionally(new NotLeaderException(node.leaderId())));
    }

    public void close() {
        failPending(Long.MAX_VALUE);
        transport.close();
        log.close();
    }
}
