package io.managedkvs.raft;

import io.managedkvs.raft.log.RaftLog;
import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.membership.MembershipChanger;
import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.EntryType;
import io.managedkvs.raft.message.Snapshot;
import java.util.List;

/**
 * Keeps the membership a node acts on, and the leader's progress tracker, in step with its log:
 * at start, when entries are appended or truncated, and when a snapshot replaces the log.
 */
final class MembershipSync {

    private final Raft raft;

    MembershipSync(Raft raft) {
        this.raft = raft;
    }

    /** At start: the membership as of the applied index, then every change in the log after it. */
    void replay(ConfState base, long baseIndex) {
        raft.membership.reset(base, baseIndex);
        long last = raft.log.lastIndex();
        for (long i = baseIndex + 1; i <= last; ) {
            List<Entry> batch = raft.log.slice(i, last + 1, 4L << 20);
            for (Entry e : batch) {
                if (e.type() == EntryType.CONF_CHANGE) {
                    raft.membership.appended(e.index(), MembershipChanger.applyFromLog(raft.membership.current(), e.data()));
                }
            }
            i += batch.size();
        }
        raft.membership.committedTo(raft.log.committed());
        raft.tracker.applyConfig(raft.membership.current(), raft.log.lastIndex());
    }

    void onConfChangeAppended(Entry e) {
        raft.membership.appended(e.index(), MembershipChanger.applyFromLog(raft.membership.current(), e.data()));
        raft.tracker.applyConfig(raft.membership.current(), raft.log.lastIndex());
    }

    /** A follower's log was written from {@link RaftLog#lastWriteFrom()}: follow its membership. */
    void onLogWritten(List<Entry> written) {
        long from = raft.log.lastWriteFrom();
        if (from == 0) {
            return;
        }
        boolean changed = raft.membership.truncateFrom(from);
        for (int i = 0; i < written.size(); i++) {
            Entry e = written.get(i);
            if (e.index() >= from && e.type() == EntryType.CONF_CHANGE) {
                raft.membership.appended(e.index(), MembershipChanger.applyFromLog(raft.membership.current(), e.data()));
                changed = true;
            }
        }
        raft.membership.committedTo(raft.log.committed());
        if (changed) {
            raft.tracker.applyConfig(raft.membership.current(), raft.log.lastIndex());
        }
    }

    /** Installs a leader's snapshot unless the log already has it. Returns whether the log was replaced. */
    boolean restore(Snapshot s) {
        if (s.index() <= raft.log.committed()) {
            return false;
        }
        if (raft.log.matchTerm(s.index(), s.term())) {
            raft.log.commitTo(s.index());
            raft.membership.committedTo(raft.log.committed());
            return false;
        }
        raft.log.restore(s);
        raft.membership.reset(s.confState(), s.index());
        raft.tracker.applyConfig(s.confState(), raft.log.lastIndex());
        return true;
    }
}
