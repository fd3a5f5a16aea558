package io.managedkvs.raftkv.store.raftstore;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.EntryType;
import io.managedkvs.raft.message.Message;
import io.managedkvs.raft.message.MessageType;
import io.managedkvs.raft.message.Snapshot;
import io.managedkvs.raftkv.proto.raft.SnapshotMeta;
import java.util.ArrayList;
import java.util.List;

/** The core's messages to and from their protobuf form, field for field. Hot path: no copies of entry data. */
public final class MessageCodec {

    private static final MessageType[] TYPES = MessageType.values();
    private static final EntryType[] ENTRY_TYPES = EntryType.values();

    private MessageCodec() {
    }

    public static io.managedkvs.raftkv.proto.raft.Message toProto(Message m) {
        io.managedkvs.raftkv.proto.raft.Message.Builder b = io.managedkvs.raftkv.proto.raft.Message.newBuilder()
                .setTypeValue(m.type().ordinal()).setTo(m.to()).setFrom(m.from()).setTerm(m.term())
                .setLogTerm(m.logTerm()).setIndex(m.index()).setCommit(m.commit()).setReject(m.reject())
                .setRejectHint(m.rejectHint()).setContext(m.context());
        for (Entry e : m.entries()) {
            b.addEntries(io.managedkvs.raftkv.proto.raft.Entry.newBuilder().setTerm(e.term()).setIndex(e.index())
                    .setTypeValue(e.type().ordinal()).setData(UnsafeByteOperations.unsafeWrap(e.data())));
        }
        if (m.snapshot() != null) {
            Snapshot s = m.snapshot();
            b.setSnapshot(SnapshotMeta.newBuilder().setIndex(s.index()).setTerm(s.term())
                    .setConfState(Codec.toProto(s.confState())).setData(ByteString.copyFrom(s.data())));
        }
        return b.build();
    }

    public static Message fromProto(io.managedkvs.raftkv.proto.raft.Message p) {
        List<Entry> entries = List.of();
        if (p.getEntriesCount() > 0) {
            entries = new ArrayList<>(p.getEntriesCount());
            for (io.managedkvs.raftkv.proto.raft.Entry e : p.getEntriesList()) {
                entries.add(new Entry(e.getTerm(), e.getIndex(), ENTRY_TYPES[e.getTypeValue()], e.getData().toByteArray()));
            }
        }
        Snapshot snap = null;
        if (p.hasSnapshot()) {
            SnapshotMeta s = p.getSnapshot();
            snap = new Snapshot(s.getIndex(), s.getTerm(), Codec.fromProto(s.getConfState()), s.getData().toByteArray());
        }
        return new Message(TYPES[p.getTypeValue()], p.getTo(), p.getFrom(), p.getTerm(), p.getLogTerm(), p.getIndex(),
                entries, p.getCommit(), snap, p.getReject(), p.getRejectHint(), p.getContext());
    }
}
