package io.managedkvs.raft;

import io.managedkvs.raft.log.RaftLog;
import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.Message;
import io.managedkvs.raft.message.MessageType;
import io.managedkvs.raft.message.Snapshot;
import io.managedkvs.raft.progress.Progress;
import io.managedkvs.raft.progress.ProgressState;
import io.managedkvs.raft.storage.CompactedException;
import io.managedkvs.raft.storage.SnapshotUnavailableException;
import java.util.List;

/**
 * What a leader does for its followers (§5.3, §7): appends within each follower's flow-control
 * window, heartbeats, snapshots when the entries are compacted, and leadership transfer (thesis
 * §3.10).
 */
final class LeaderReplication {

    private final Raft raft;

    LeaderReplication(Raft raft) {
        this.raft = raft;
    }

    void step(Message m) {
        switch (m.type()) {
            case APPEND_RESPONSE -> {
                Progress pr = raft.tracker.progress(m.from());
                if (pr != null) {
                    onAppendResponse(m, pr);
                }
            }
            case HEARTBEAT_RESPONSE -> {
                Progress pr = raft.tracker.progress(m.from());
                if (pr != null) {
                    onHeartbeatResponse(m, pr);
                }
            }
            case TRANSFER_LEADER -> transferLeadership(m.context());
            case READ_INDEX -> raft.reads.request(m.context(), m.from());
            default -> {
                // Other messages at the leader's own term are answers to nothing it asked; ignore.
            }
        }
    }

    /** Sends every follower what it is missing, or at least the commit index. */
    void broadcastAppend() {
        for (int i = 0; i < raft.tracker.size(); i++) {
            long to = raft.tracker.idAt(i);
            if (to != raft.id) {
                maybeSendAppend(to, raft.tracker.progressAt(i), true);
            }
        }
    }

    void broadcastHeartbeat() {
        long round = raft.reads.newRound();
        long committed = raft.log.committed();
        for (int i = 0; i < raft.tracker.size(); i++) {
            long to = raft.tracker.idAt(i);
            if (to != raft.id) {
                Progress pr = raft.tracker.progressAt(i);
                raft.send(Message.builder(MessageType.HEARTBEAT).to(to)
                        .commit(Math.min(pr.match(), committed)).context(round));
            }
        }
    }

    /**
     * Sends {@code to} the entries after its {@code next}, or a snapshot if they are compacted.
     * Returns whether anything was sent. Runs per proposal batch: no allocation beyond the message.
     */
    boolean maybeSendAppend(long to, Progress pr, boolean sendIfEmpty) {
        if (pr.isPaused()) {
            return false;
        }
        long prevIndex = pr.next() - 1;
        long prevTerm = raft.log.term(prevIndex);
        if (prevTerm == RaftLog.NO_TERM) {
            return sendSnapshot(to, pr);
        }
        List<Entry> entries;
        try {
            entries = raft.log.entries(pr.next(), raft.cfg.maxSizePerMsg());
        } catch (CompactedException e) {
            return sendSnapshot(to, pr);
        }
        if (entries.isEmpty() && !sendIfEmpty) {
            return false;
        }
        long bytes = 0;
        for (int i = 0; i < entries.size(); i++) {
            bytes += entries.get(i).sizeBytes();
        }
        raft.send(Message.builder(MessageType.APPEND).to(to).index(prevIndex).logTerm(prevTerm)
                .entries(entries).commit(raft.log.committed()));
        if (entries.isEmpty()) {
            pr.sentEmptyProbe();
        } else {
            pr.sentEntries(entries.size(), bytes, entries.get(entries.size() - 1).index());
        }
        return true;
    }

    private boolean sendSnapshot(long to, Progress pr) {
        if (!pr.recentActive()) {
            return false;
        }
        Snapshot snapshot;
        try {
            snapshot = raft.log.snapshot();
        } catch (SnapshotUnavailableException e) {
            return false;
        }
        if (snapshot.isEmpty()) {
            throw new IllegalStateException("entries for " + to + " are compacted but there is no snapshot");
        }
        pr.becomeSnapshot(snapshot.index());
        raft.send(Message.builder(MessageType.SNAPSHOT).to(to).snapshot(snapshot));
        return true;
    }

    private void onAppendResponse(Message m, Progress pr) {
        pr.setRecentActive(true);
        if (m.reject()) {
            long hint = m.rejectHint();
            if (m.logTerm() > 0) {
                hint = raft.log.findConflictByTerm(m.rejectHint(), m.logTerm());
            }
            if (pr.maybeDecrTo(m.index(), hint)) {
                if (pr.state() == ProgressState.REPLICATE) {
                    pr.becomeProbe();
                }
                maybeSendAppend(m.from(), pr, true);
            }
            return;
        }
        boolean wasPaused = pr.isPaused();
        if (!pr.maybeUpdate(m.index())) {
            return;
        }
        switch (pr.state()) {
            case PROBE -> pr.becomeReplicate();
            case SNAPSHOT -> {
                if (pr.match() + 1 >= raft.log.firstIndex()) {
                    pr.becomeProbe();
                    pr.becomeReplicate();
                }
            }
            case REPLICATE -> pr.inflights().freeLE(m.index());
        }
        if (!raft.maybeCommit() && wasPaused && !raft.broadcastPending) {
            maybeSendAppend(m.from(), pr, true);
        }
        while (raft.role == Role.LEADER && maybeSendAppend(m.from(), pr, false)) {
            // Fill the window: more entries may be waiting than one message carries.
        }
        if (raft.role == Role.LEADER && m.from() == raft.leadTransferee && pr.match() == raft.log.lastIndex()) {
            sendTimeoutNow(m.from());
        }
    }

    private void onHeartbeatResponse(Message m, Progress pr) {
        pr.setRecentActive(true);
        pr.resumeProbe();
        pr.ackRound(m.context());
        if (pr.state() == ProgressState.REPLICATE && pr.inflights().full()) {
            // The appends that filled the window may all have been lost: let one more go, and a
            // gap at the follower turns into a rejection that sends the leader back to probing.
            pr.inflights().freeFirst();
        }
        if (pr.match() < raft.log.lastIndex() || pr.state() == ProgressState.PROBE) {
            maybeSendAppend(m.from(), pr, true);
        }
        raft.reads.onHeartbeatAck();
    }

    /** The transport reports whether the snapshot reached {@code id}; probing resumes either way. */
    void reportSnapshot(long id, boolean success) {
        Progress pr = raft.tracker.progress(id);
        if (pr == null || pr.state() != ProgressState.SNAPSHOT) {
            return;
        }
        pr.snapshotDone(success);
    }

    /** The transport could not reach {@code id}: stop streaming optimistically to it. */
    void reportUnreachable(long id) {
        Progress pr = raft.tracker.progress(id);
        if (pr != null && pr.state() == ProgressState.REPLICATE) {
            pr.becomeProbe();
        }
    }

    void transferLeadership(long target) {
        Progress pr = raft.tracker.progress(target);
        if (target == raft.id || pr == null || pr.learner()) {
            return;
        }
        if (raft.leadTransferee != 0) {
            if (raft.leadTransferee == target) {
                return;
            }
            raft.leadTransferee = 0;
        }
        // The transfer must finish within an election timeout, measured from now.
        raft.electionElapsed = 0;
        raft.leadTransferee = target;
        if (pr.match() == raft.log.lastIndex()) {
            sendTimeoutNow(target);
        } else {
            maybeSendAppend(target, pr, true);
        }
    }

    void sendTimeoutNow(long to) {
        if (raft.bug != DeliberateBug.LEASE_KEPT_ON_TRANSFER) {
            raft.reads.revokeLease();
        }
        raft.send(Message.builder(MessageType.TIMEOUT_NOW).to(to));
    }
}
