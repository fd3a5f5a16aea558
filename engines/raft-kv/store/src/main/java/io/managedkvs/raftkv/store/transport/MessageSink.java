package io.managedkvs.raftkv.store.transport;

import io.managedkvs.raftkv.proto.transport.RaftMessage;
import java.nio.file.Path;

/** Where the receiving side of the transport hands what arrived: the store's router. */
public interface MessageSink {

    /** Hot path: called on gRPC threads; must not block. */
    void deliver(RaftMessage message);

    /** A SNAPSHOT message whose data is in {@code file} (null if the region held no keys). */
    void deliverSnapshot(RaftMessage message, Path file);
}
