package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.pd.AskSplitResponse;

/**
 * What the raft store asks of the placement driver. Calls block, so the store makes them only on
 * its own background threads, never on a poller or a gRPC thread.
 */
public interface Placement {

    /** Ids for splitting {@code region}. */
    AskSplitResponse askSplit(Region region);

    /** Both halves of an applied split. */
    void reportSplit(Region left, Region right);
}
