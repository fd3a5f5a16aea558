package io.managedkvs.raftkv.pd.schedule;

import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.PeerRole;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.pd.ChangePeer;
import io.managedkvs.raftkv.proto.pd.ChangePeerType;
import io.managedkvs.raftkv.proto.pd.RegionCommand;
import io.managedkvs.raftkv.proto.pd.SplitRegion;
import io.managedkvs.raftkv.proto.pd.TransferLeader;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Carries operators out, one step at a time: each region heartbeat shows how far the region got;
 * a finished step moves the operator on, and the current step goes back to the leader as a command
 * for its epoch (again after {@link #RESEND_MS} if nothing moved, as commands can be lost or refused
 * for a stale epoch). A step that makes no progress within its timeout cancels the operator; the
 * schedulers decide afresh from the next snapshot. Pure bookkeeping: time is passed in.
 */
public final class OperatorController {

    private static final Logger LOG = Logger.getLogger(OperatorController.class.getName());
    static final long RESEND_MS = 3_000;

    private final long replicaStepTimeoutMs;
    private final long leaderStepTimeoutMs;
    private final Map<Long, Running> running = new HashMap<>();
    /** Stores that must receive no replica and no leadership: down, disconnected, or not UP. */
    private Set<Long> unusable = Set.of();
    private long finished;
    private long cancelled;
    private long timedOut;

    private static final class Running {
        final Operator op;
        int step;
        long stepStartMs;
        long lastSentMs = Long.MIN_VALUE;
        long stepStartVersion = -1;

        Running(Operator op, long now) {
            this.op = op;
            this.stepStartMs = now;
        }

        Step current() {
            return op.steps().get(step);
        }
    }

    /**
     * @param replicaStepTimeout how long adding or promoting a replica may take (it may need a snapshot)
     * @param leaderStepTimeout how long a leader transfer, removal or split may take
     */
    public OperatorController(Duration replicaStepTimeout, Duration leaderStepTimeout) {
        this.replicaStepTimeoutMs = replicaStepTimeout.toMillis();
        this.leaderStepTimeoutMs = leaderStepTimeout.toMillis();
    }

    /** Starts {@code op} unless its region already has one. */
    public boolean admit(Operator op, long nowMs) {
        for (Step s : op.steps()) {
            if (s instanceof Step.AddLearner a && a.peerId() == 0) {
                throw new IllegalArgumentException("steps: AddLearner on store " + a.storeId() + " has no peer id");
            }
        }
        if (running.containsKey(op.regionId())) {
            return false;
        }
        running.put(op.regionId(), new Running(op, nowMs));
        LOG.info(() -> "operator started: " + op);
        return true;
    }

    /** The commands for the region a leader on {@code leader} just reported as {@code region}, no peer pending. */
    public List<RegionCommand> onHeartbeat(Region region, Peer leader, long nowMs) {
        return onHeartbeat(region, leader, Set.of(), nowMs);
    }

    /**
     * The commands for the region a leader on {@code leader} just reported as {@code region};
     * {@code pendingPeers} are the ids of peers the leader says are far behind its log. A learner
     * counts as added only once it is not pending: promoted earlier, it would be a voter the
     * region must wait for (with a voter lost, every write would wait for its snapshot).
     */
    public List<RegionCommand> onHeartbeat(Region region, Peer leader, Set<Long> pendingPeers, long nowMs) {
        Running r = running.get(region.getId());
        if (r == null) {
            return List.of();
        }
        while (r.step < r.op.steps().size() && done(r, region, leader, pendingPeers)) {
            r.step++;
            r.stepStartMs = nowMs;
            r.lastSentMs = Long.MIN_VALUE;
            r.stepStartVersion = -1;
        }
        if (r.step == r.op.steps().size()) {
            running.remove(region.getId());
            finished++;
            LOG.info(() -> "operator finished: " + r.op);
            return List.of();
        }
        if (r.stepStartVersion < 0) {
            r.stepStartVersion = region.getEpoch().getVersion();
        }
        if (nowMs - r.stepStartMs > timeoutMs(r.current())) {
            timedOut++;
            cancel(r, "step " + r.current() + " made no progress in time");
            return List.of();
        }
        if (r.lastSentMs != Long.MIN_VALUE && nowMs - r.lastSentMs < RESEND_MS) {
            return List.of();
        }
        if (r.current() instanceof Step.AddLearner a && peerOn(region, a.storeId()) != null) {
            // Added and still catching up: nothing to ask, only to wait (within the step's timeout).
            return List.of();
        }
        RegionCommand command = command(r.current(), region, leader, unusable);
        if (command == null) {
            cancel(r, "step " + r.current() + " no longer fits region " + region.getId() + " " + region.getPeersList());
            return List.of();
        }
        r.lastSentMs = nowMs;
        return List.of(command);
    }

    /**
     * The stores that can take no new replica or leadership now (down, disconnected, being removed).
     * Operators that still have to add a replica on one, promote one, or move leadership to one are
     * cancelled at once rather than left to time out: the schedulers pick another store next round.
     * A leader that must leave a region hands over only to a voter on another store.
     */
    public void avoid(Set<Long> stores) {
        unusable = Set.copyOf(stores);
        for (Running r : List.copyOf(running.values())) {
            for (int i = r.step; i < r.op.steps().size(); i++) {
                long target = target(r.op.steps().get(i));
                if (target != 0 && unusable.contains(target)) {
                    cancel(r, "store " + target + " can no longer take step " + r.op.steps().get(i));
                    break;
                }
            }
        }
    }

    /** The store a step gives a replica or leadership to; 0 for steps that only take away. */
    private static long target(Step s) {
        if (s instanceof Step.AddLearner a) {
            return a.storeId();
        }
        if (s instanceof Step.PromoteLearner p) {
            return p.storeId();
        }
        if (s instanceof Step.TransferLeader t) {
            return t.storeId();
        }
        return 0;
    }

    /** Cancels operators whose step timed out though their region went quiet (no heartbeat to notice it). */
    public void expire(long nowMs) {
        for (Running r : List.copyOf(running.values())) {
            if (nowMs - r.stepStartMs > timeoutMs(r.current())) {
                timedOut++;
                cancel(r, "step " + r.current() + " made no progress in time and the region stopped reporting");
            }
        }
    }

    /** Drops everything (this member no longer leads: the next leader decides afresh). */
    public void clear() {
        running.clear();
    }

    public int running() {
        return running.size();
    }

    public Set<Long> busyRegions() {
        return Set.copyOf(running.keySet());
    }

    /**
     * Where running operators are moving leaders: region id to the store its current step hands
     * leadership to. Until a heartbeat shows the move, schedulers must count the leader there, or
     * they move more leaders off the same store and the cluster swings back and forth.
     */
    public Map<Long, Long> leaderMoves() {
        Map<Long, Long> moves = new HashMap<>();
        for (Running r : running.values()) {
            if (r.current() instanceof Step.TransferLeader t) {
                moves.put(r.op.regionId(), t.storeId());
            }
        }
        return moves;
    }

    public long finishedCount() {
        return finished;
    }

    /** Operators given up, for any reason (timed-out ones included). */
    public long cancelledCount() {
        return cancelled;
    }

    public OperatorOutcomes outcomes() {
        return new OperatorOutcomes(finished, cancelled, timedOut);
    }

    private void cancel(Running r, String why) {
        running.remove(r.op.regionId());
        cancelled++;
        LOG.warning(() -> "operator cancelled: " + r.op + ": " + why);
    }

    private long timeoutMs(Step s) {
        return s instanceof Step.AddLearner || s instanceof Step.PromoteLearner ? replicaStepTimeoutMs : leaderStepTimeoutMs;
    }

    private static boolean done(Running r, Region region, Peer leader, Set<Long> pendingPeers) {
        Step step = r.current();
        if (step instanceof Step.AddLearner a) {
            Peer added = peerOn(region, a.storeId());
            return added != null && !pendingPeers.contains(added.getId());
        }
        if (step instanceof Step.PromoteLearner p) {
            Peer peer = peerOn(region, p.storeId());
            return peer != null && peer.getRole() == PeerRole.VOTER;
        }
        if (step instanceof Step.RemovePeer rm) {
            return peerOn(region, rm.storeId()) == null;
        }
        if (step instanceof Step.TransferLeader t) {
            return leader != null && leader.getStoreId() == t.storeId();
        }
        return r.stepStartVersion >= 0 && region.getEpoch().getVersion() > r.stepStartVersion;
    }

    /** The command for {@code step} against the region as it is; null if the step no longer makes sense. */
    static RegionCommand command(Step step, Region region, Peer leader, Set<Long> unusable) {
        RegionCommand.Builder b = RegionCommand.newBuilder().setRegionId(region.getId()).setRegionEpoch(region.getEpoch());
        if (step instanceof Step.AddLearner a) {
            return b.setChangePeer(ChangePeer.newBuilder().setType(ChangePeerType.ADD_LEARNER)
                    .setPeer(Peer.newBuilder().setId(a.peerId()).setStoreId(a.storeId()).setRole(PeerRole.LEARNER))).build();
        }
        if (step instanceof Step.PromoteLearner p) {
            Peer peer = peerOn(region, p.storeId());
            return peer == null ? null
                    : b.setChangePeer(ChangePeer.newBuilder().setType(ChangePeerType.PROMOTE_LEARNER).setPeer(peer)).build();
        }
        if (step instanceof Step.RemovePeer rm) {
            return removeOrHandOver(b, rm.storeId(), region, leader, unusable);
        }
        if (step instanceof Step.TransferLeader t) {
            Peer peer = peerOn(region, t.storeId());
            return peer == null || peer.getRole() != PeerRole.VOTER ? null
                    : b.setTransferLeader(TransferLeader.newBuilder().setPeer(peer)).build();
        }
        Step.Split split = (Step.Split) step;
        return b.setSplit(SplitRegion.newBuilder().setSplitKey(split.splitKey())).build();
    }

    private static RegionCommand removeOrHandOver(RegionCommand.Builder b, long storeId, Region region, Peer leader, Set<Long> unusable) {
        Peer peer = peerOn(region, storeId);
        if (peer == null) {
            return null;
        }
        if (leader == null || leader.getStoreId() != storeId) {
            return b.setChangePeer(ChangePeer.newBuilder().setType(ChangePeerType.REMOVE_PEER).setPeer(peer)).build();
        }
        // A leader does not remove itself: hand leadership to another voter first, never to one on a
        // store that is down or unreachable (the leader would stop taking writes while it waits).
        Peer other = region.getPeersList().stream()
                .filter(p -> p.getStoreId() != storeId && p.getRole() == PeerRole.VOTER && !unusable.contains(p.getStoreId()))
                .findFirst().orElse(null);
        return other == null ? null : b.setTransferLeader(TransferLeader.newBuilder().setPeer(other)).build();
    }

    static Peer peerOn(Region region, long storeId) {
        for (Peer p : region.getPeersList()) {
            if (p.getStoreId() == storeId) {
                return p;
            }
        }
        return null;
    }
}
