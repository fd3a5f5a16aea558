package io.managedkvs.raft;

import io.managedkvs.raft.message.Message;
import io.managedkvs.raft.message.MessageType;
import io.managedkvs.raft.message.Snapshot;

/** What a follower does with its leader's appends, heartbeats and snapshots (§5.3, §7). */
final class FollowerLog {

    private final Raft raft;

    FollowerLog(Raft raft) {
        this.raft = raft;
    }

    void onAppend(Message m) {
        if (m.index() < raft.log.committed()) {
            raft.send(Message.builder(MessageType.APPEND_RESPONSE).to(m.from()).index(raft.log.committed()));
            return;
        }
        boolean skipMatch = raft.bug == DeliberateBug.APPEND_WITHOUT_LOG_MATCH && m.index() <= raft.log.lastIndex();
        long lastNew = raft.log.maybeAppend(m.index(), m.logTerm(), m.commit(), m.entries(), skipMatch);
        if (lastNew >= 0) {
            raft.membershipSync.onLogWritten(m.entries());
            raft.send(Message.builder(MessageType.APPEND_RESPONSE).to(m.from()).index(lastNew));
            return;
        }
        // Tell the leader where our log might match, skipping the whole term that conflicts.
        long hintIndex = raft.log.findConflictByTerm(Math.min(m.index(), raft.log.lastIndex()), m.logTerm());
        long hintTerm = raft.log.term(hintIndex);
        raft.send(Message.builder(MessageType.APPEND_RESPONSE).to(m.from()).index(m.index())
                .reject(true).rejectHint(hintIndex).logTerm(Math.max(hintTerm, 0)));
    }

    void onHeartbeat(Message m) {
        raft.log.commitTo(m.commit());
        raft.send(Message.builder(MessageType.HEARTBEAT_RESPONSE).to(m.from()).context(m.context()));
    }

    void onSnapshot(Message m) {
        Snapshot s = m.snapshot();
        if (raft.membershipSync.restore(s)) {
            raft.send(Message.builder(MessageType.APPEND_RESPONSE).to(m.from()).index(raft.log.lastIndex()));
        } else {
            raft.send(Message.builder(MessageType.APPEND_RESPONSE).to(m.from()).index(raft.log.committed()));
        }
    }
}
