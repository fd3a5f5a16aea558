package io.managedkvs.raftkv.pd.raft;

import io.managedkvs.raft.message.Message;
import java.util.List;

/** Carries Raft messages to other PD members. Must not block: sending is fire and forget. */
public interface PeerTransport extends AutoCloseable {

    void send(List<Message> messages);

    @Override
    void close();

    /** For a group of one, which has nobody to talk to. */
    PeerTransport NONE = new PeerTransport() {
        @Override
        public void send(List<Message> messages) {
            if (!messages.isEmpty()) {
                throw new IllegalStateException("no transport, but messages to " + messages.get(0).to());
            }
        }

        @Override
        public void close() {
        }
    };
}
