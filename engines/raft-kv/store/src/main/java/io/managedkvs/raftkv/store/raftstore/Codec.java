package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.EntryType;
import io.managedkvs.raft.message.HardState;
import io.managedkvs.raftkv.proto.raft.ConfState.Builder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Fixed-width encodings of what the RAFT family stores, and the ConfState mapping to protobuf. */
public final class Codec {

    private static final EntryType[] ENTRY_TYPES = EntryType.values();

    private Codec() {
    }

    static byte[] encodeEntry(Entry e) {
        byte[] data = e.data();
        return ByteBuffer.allocate(9 + data.length).putLong(e.term()).put((byte) e.type().ordinal()).put(data).array();
    }

    static Entry decodeEntry(long index, byte[] v) {
        ByteBuffer buf = ByteBuffer.wrap(v);
        long term = buf.getLong();
        EntryType type = ENTRY_TYPES[buf.get()];
        byte[] data = new byte[buf.remaining()];
        buf.get(data);
        return new Entry(term, index, type, data);
    }

    static byte[] encodeHardState(HardState hs) {
        return ByteBuffer.allocate(24).putLong(hs.term()).putLong(hs.vote()).putLong(hs.commit()).array();
    }

    static HardState decodeHardState(byte[] v) {
        ByteBuffer buf = ByteBuffer.wrap(v);
        return new HardState(buf.getLong(), buf.getLong(), buf.getLong());
    }

    /** The applied index and the last compacted entry (index, term). */
    record ApplyState(long applied, long truncatedIndex, long truncatedTerm) {
        byte[] encode() {
            return ByteBuffer.allocate(24).putLong(applied).putLong(truncatedIndex).putLong(truncatedTerm).array();
        }

        static ApplyState decode(byte[] v) {
            ByteBuffer buf = ByteBuffer.wrap(v);
            return new ApplyState(buf.getLong(), buf.getLong(), buf.getLong());
        }
    }

    public static io.managedkvs.raftkv.proto.raft.ConfState toProto(ConfState cs) {
        Builder b = io.managedkvs.raftkv.proto.raft.ConfState.newBuilder()
                .addAllVoters(cs.voters()).addAllVotersOutgoing(cs.votersOutgoing())
                .addAllLearners(cs.learners()).addAllLearnersNext(cs.learnersNext()).setAutoLeave(cs.autoLeave());
        return b.build();
    }

    public static ConfState fromProto(io.managedkvs.raftkv.proto.raft.ConfState p) {
        return new ConfState(set(p.getVotersList()), set(p.getVotersOutgoingList()), set(p.getLearnersList()),
                set(p.getLearnersNextList()), p.getAutoLeave());
    }

    private static java.util.SortedSet<Long> set(List<Long> ids) {
        return new java.util.TreeSet<>(new ArrayList<>(ids));
    }

    /** A stored value: the expiry (Unix ms, 0 for never) then the user's bytes. Hot path. */
    public static byte[] encodeValue(byte[] value, long expireAtMs) {
        return ByteBuffer.allocate(8 + value.length).putLong(expireAtMs).put(value).array();
    }

    public static long expireAt(byte[] stored) {
        return ByteBuffer.wrap(stored, 0, 8).getLong();
    }

    public static byte[] userValue(byte[] stored) {
        byte[] v = new byte[stored.length - 8];
        System.arraycopy(stored, 8, v, 0, v.length);
        return v;
    }

    /** Whether a stored value is live at {@code nowMs}. */
    public static boolean live(byte[] stored, long nowMs) {
        if (stored == null) {
            return false;
        }
        long exp = expireAt(stored);
        return exp == 0 || exp > nowMs;
    }
}
