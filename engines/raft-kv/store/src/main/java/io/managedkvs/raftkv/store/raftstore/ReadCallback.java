package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raftkv.proto.kv.RegionError;
import io.managedkvs.raftkv.proto.meta.Region;

/** Hears that a linearizable read may now be served against {@code region}, or why it may not. */
public interface ReadCallback {

    /** Called on the poller thread: hand the read itself to another thread. */
    void ready(Region region);

    void failed(RegionError error);
}
