package io.managedkvs.raft;

import io.managedkvs.raft.membership.ConfChange;
import io.managedkvs.raft.membership.ConfChangeCodec;
import io.managedkvs.raft.membership.MembershipChanger;
import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.EntryType;
import java.util.List;

/** What a leader accepts into its log: commands and membership changes, within its back-pressure bound. */
final class Proposals {

    private final Raft raft;

    Proposals(Raft raft) {
        this.raft = raft;
    }

    ProposalResult propose(byte[] data) {
        if (raft.role != Role.LEADER) {
            return ProposalResult.rejected(ProposalResult.Status.NOT_LEADER, raft.lead);
        }
        if (raft.leadTransferee != 0) {
            return ProposalResult.rejected(ProposalResult.Status.LEADER_TRANSFER_IN_PROGRESS, raft.leadTransferee);
        }
        long size = (long) (data == null ? 0 : data.length) + Entry.OVERHEAD_BYTES;
        if (raft.cfg.maxUncommittedBytes() > 0 && raft.uncommittedBytes > 0 && raft.uncommittedBytes + size > raft.cfg.maxUncommittedBytes()) {
            return ProposalResult.rejected(ProposalResult.Status.TOO_MANY_UNCOMMITTED, raft.id);
        }
        long index = raft.appendEntry(EntryType.NORMAL, data);
        return new ProposalResult(ProposalResult.Status.ACCEPTED, index, raft.term, raft.id);
    }

    ProposalResult proposeConfChange(ConfChange change) {
        if (raft.role != Role.LEADER) {
            return ProposalResult.rejected(ProposalResult.Status.NOT_LEADER, raft.lead);
        }
        if (raft.leadTransferee != 0) {
            return ProposalResult.rejected(ProposalResult.Status.LEADER_TRANSFER_IN_PROGRESS, raft.leadTransferee);
        }
        // One change at a time, and only once this leader has committed in its term: without the
        // latter, a change could be committed alongside an uncommitted one from an earlier term.
        boolean termCommitted = raft.committedInTerm() || raft.bug == DeliberateBug.CONF_CHANGE_BEFORE_TERM_COMMIT;
        if (!termCommitted || raft.membership.hasUncommittedChange()) {
            return ProposalResult.rejected(ProposalResult.Status.CONF_CHANGE_PENDING, raft.id);
        }
        MembershipChanger.apply(raft.membership.current(), change);
        long index = raft.appendEntry(EntryType.CONF_CHANGE, ConfChangeCodec.encode(change));
        return new ProposalResult(ProposalResult.Status.ACCEPTED, index, raft.term, raft.id);
    }

    void reduceUncommitted(List<Entry> applied) {
        if (raft.role != Role.LEADER) {
            return;
        }
        for (int i = 0; i < applied.size(); i++) {
            Entry e = applied.get(i);
            if (!e.isEmptyNormal()) {
                raft.uncommittedBytes = Math.max(0, raft.uncommittedBytes - e.sizeBytes());
            }
        }
    }
}
