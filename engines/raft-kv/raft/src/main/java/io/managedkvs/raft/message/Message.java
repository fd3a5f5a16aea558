package io.managedkvs.raft.message;

import java.util.List;
import java.util.Objects;

/**
 * A message between two members of one Raft group. Plain data, so that a transport can map it to
 * its wire format field by field. Which fields matter depends on the type:
 *
 * <ul>
 *   <li>{@code index}/{@code logTerm}: APPEND: the entry preceding {@code entries}; APPEND_RESPONSE:
 *       the last index accepted (or the rejected probe index); VOTE/PRE_VOTE: the candidate's last
 *       entry; READ_INDEX_RESPONSE: the read index.
 *   <li>{@code rejectHint}/{@code logTerm} on a rejected APPEND_RESPONSE: where the follower's log
 *       may match the leader's, so that the leader skips whole terms when backing up.
 *   <li>{@code context}: HEARTBEAT and its response: the heartbeat round; READ_INDEX and its
 *       response: the caller's request id; VOTE/PRE_VOTE: 1 when the election is a leader
 *       transfer; TRANSFER_LEADER: the transferee.
 * </ul>
 */
public record Message(
        MessageType type,
        long to,
        long from,
        long term,
        long logTerm,
        long index,
        List<Entry> entries,
        long commit,
        Snapshot snapshot,
        boolean reject,
        long rejectHint,
        long context) {

    /** {@code context} of a vote request sent by a transferee: voters ignore their leases. */
    public static final long CAMPAIGN_TRANSFER = 1;

    public Message {
        Objects.requireNonNull(type, "type");
        entries = entries == null ? List.of() : entries;
    }

    public static Builder builder(MessageType type) {
        return new Builder(type);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(from).append("->").append(to).append(' ').append(type).append(" term=").append(term);
        switch (type) {
            case APPEND -> sb.append(" log=").append(logTerm).append('/').append(index)
                    .append(" commit=").append(commit).append(" entries=").append(entries);
            case APPEND_RESPONSE -> {
                sb.append(" index=").append(index);
                if (reject) {
                    sb.append(" rejected hint=").append(logTerm).append('/').append(rejectHint);
                }
            }
            case VOTE, PRE_VOTE -> sb.append(" last=").append(logTerm).append('/').append(index)
                    .append(context == CAMPAIGN_TRANSFER ? " transfer" : "");
            case VOTE_RESPONSE, PRE_VOTE_RESPONSE -> sb.append(reject ? " rejected" : " granted");
            case SNAPSHOT -> sb.append(' ').append(snapshot);
            case HEARTBEAT -> sb.append(" commit=").append(commit).append(" round=").append(context);
            case HEARTBEAT_RESPONSE -> sb.append(" round=").append(context);
            case TRANSFER_LEADER -> sb.append(" transferee=").append(context);
            case READ_INDEX -> sb.append(" request=").append(context);
            case READ_INDEX_RESPONSE -> sb.append(" request=").append(context).append(" index=").append(index);
            default -> { }
        }
        return sb.toString();
    }

    /** Builds a message; fields not set are zero, empty or absent. */
    public static final class Builder {
        private final MessageType type;
        private long to;
        private long from;
        private long term;
        private long logTerm;
        private long index;
        private List<Entry> entries = List.of();
        private long commit;
        private Snapshot snapshot;
        private boolean reject;
        private long rejectHint;
        private long context;

        private Builder(MessageType type) {
            this.type = type;
        }

        public Builder to(long v) { this.to = v; return this; }
        public Builder from(long v) { this.from = v; return this; }
        public Builder term(long v) { this.term = v; return this; }
        public Builder logTerm(long v) { this.logTerm = v; return this; }
        public Builder index(long v) { this.index = v; return this; }
        public Builder entries(List<Entry> v) { this.entries = v; return this; }
        public Builder commit(long v) { this.commit = v; return this; }
        public Builder snapshot(Snapshot v) { this.snapshot = v; return this; }
        public Builder reject(boolean v) { this.reject = v; return this; }
        public Builder rejectHint(long v) { this.rejectHint = v; return this; }
        public Builder context(long v) { this.context = v; return this; }

        public long term() {
            return term;
        }

        public Message build() {
            return new Message(type, to, from, term, logTerm, index, entries, commit, snapshot, reject, rejectHint, context);
        }
    }
}
