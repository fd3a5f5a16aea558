package io.managedkvs.raft.membership;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a configuration-change log entry: a version byte, the transition, then the changes
 * as (type, node id) pairs. Fixed-width big-endian fields.
 */
public final class ConfChangeCodec {

    private static final byte VERSION = 1;

    private ConfChangeCodec() {
    }

    public static byte[] encode(ConfChange change) {
        ByteBuffer buf = ByteBuffer.allocate(1 + 1 + 4 + change.changes().size() * 9);
        buf.put(VERSION).put((byte) change.transition().ordinal()).putInt(change.changes().size());
        for (ConfChangeSingle c : change.changes()) {
            buf.put((byte) c.type().ordinal()).putLong(c.nodeId());
        }
        return buf.array();
    }

    /** @throws IllegalArgumentException if the bytes are not an encoded change */
    public static ConfChange decode(byte[] data) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(data);
            byte version = buf.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("data: unknown configuration change version " + version);
            }
            ConfChange.Transition transition = ConfChange.Transition.values()[buf.get()];
            int n = buf.getInt();
            if (n < 0 || n > buf.remaining() / 9) {
                throw new IllegalArgumentException("data: bad change count " + n);
            }
            List<ConfChangeSingle> changes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ConfChangeType type = ConfChangeType.values()[buf.get()];
                changes.add(new ConfChangeSingle(type, buf.getLong()));
            }
            return new ConfChange(transition, changes);
        } catch (BufferUnderflowException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("data: not an encoded configuration change", e);
        }
    }
}
