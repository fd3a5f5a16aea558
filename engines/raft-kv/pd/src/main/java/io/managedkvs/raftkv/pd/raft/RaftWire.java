package io.managedkvs.raftkv.pd.raft;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.EntryType;
import io.managedkvs.raft.message.Message;
import io.managedkvs.raft.message.MessageType;
import io.managedkvs.raft.message.Snapshot;
import io.managedkvs.raftkv.proto.raft.SnapshotMeta;
import java.util.ArrayList;
import java.util.List;

/** The Raft core's records to and from raft.proto, field for field. */
public final class RaftWire {

    private RaftWire() {
    }

    public static io.managedkvs.raftkv.proto.raft.Message toProto(Message m) {
        io.managedkvs.raftkv.proto.raft.Message.Builder b = io.managedkvs.raftkv.proto.raft.Message.newBuilder()
                .setType(io.managedkvs.raftkv.proto.raft.MessageType.valueOf(m.type().name()))
                .setTo(m.to()).setFrom(m.from()).setTerm(m.term()).setLogTerm(m.logTerm()).setIndex(m.index())
                .setCommit(m.commit()).setReject(m.reject()).setRejectHint(m.rejectHint()).setContext(m.context());
        for (Entry e : m.entries()) {
            b.addEntries(toProto(e));
        }
        if (m.snapshot() != null) {
            b.setSnapshot(toProto(m.snapshot()));
        }
        return b.build();
    }

    public static Message fromProto(io.managedkvs.raftkv.proto.raft.Message p) {
        List<Entry> entries = new ArrayList<>(p.getEntriesCount());
        for (io.managedkvs.raftkv.proto.raft.Entry e : p.getEntriesList()) {
            entries.add(fromProto(e));
        }
        return new Message(MessageType.valueOf(p.getType().name()), p.getTo(), p.getFrom(), p.getTerm(), p.getLogTerm(),
                p.getIndex(), entries, p.getCommit(), p.hasSnapshot() ? fromProto(p.getSnapshot()) : null,
                p.getReject(), p.getRejectHint(), p.getContext());
    }

    public static io.managedkvs.raftkv.proto.raft.Entry toProto(Entry e) {
        return io.managedkvs.raftkv.proto.raft.Entry.newBuilder()
                .setTerm(e.term()).setIndex(e.index())
                .setType(e.type() == EntryType.CONF_CHANGE
                        ? io.managedkvs.raftkv.proto.raft.EntryType.ENTRY_CONF_CHANGE
                        : io.managedkvs.raftkv.proto.raft.EntryType.ENTRY_NORMAL)
                .setData(UnsafeByteOperations.unsafeWrap(e.data()))
                .build();
    }

    public static Entry fromProto(io.managedkvs.raftkv.proto.raft.Entry e) {
        return new Entry(e.getTerm(), e.getIndex(),
                e.getType() == io.managedkvs.raftkv.proto.raft.EntryType.ENTRY_CONF_CHANGE ? EntryType.CONF_CHANGE : EntryType.NORMAL,
                e.getData().toByteArray());
    }

    public static SnapshotMeta toProto(Snapshot s) {
        return SnapshotMeta.newBuilder().setIndex(s.index()).setTerm(s.term())
                .setConfState(toProto(s.confState())).setData(ByteString.copyFrom(s.data())).build();
    }

    public static Snapshot fromProto(SnapshotMeta s) {
        return new Snapshot(s.getIndex(), s.getTerm(), fromProto(s.getConfState()), s.getData().toByteArray());
    }

    public static io.managedkvs.raftkv.proto.raft.ConfState toProto(ConfState c) {
        return io.managedkvs.raftkv.proto.raft.ConfState.newBuilder()
                .addAllVoters(c.voters()).addAllVotersOutgoing(c.votersOutgoing())
                .addAllLearners(c.learners()).addAllLearnersNext(c.learnersNext())
                .setAutoLeave(c.autoLeave()).build();
    }

    public static ConfState fromProto(io.managedkvs.raftkv.proto.raft.ConfState c) {
        return new ConfState(new java.util.TreeSet<>(c.getVotersList()), new java.util.TreeSet<>(c.getVotersOutgoingList()),
                new java.util.TreeSet<>(c.getLearnersList()), new java.util.TreeSet<>(c.getLearnersNextList()), c.getAutoLeave());
    }
}
