package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raftkv.proto.pd.RegionCommand;
import io.managedkvs.raftkv.proto.transport.RaftCommand;
import io.managedkvs.raftkv.proto.transport.RaftMessage;
import java.nio.file.Path;

/** What can arrive in a region's mailbox. Everything a region does happens on its poller thread. */
public sealed interface PeerMsg {

    /** A Raft message from another store. */
    record Raft(RaftMessage message) implements PeerMsg {
    }

    /** A SNAPSHOT message whose data has arrived in {@code file} (null when the region held no keys). */
    record InboundSnapshot(RaftMessage message, Path file) implements PeerMsg {
    }

    /** A command to replicate; {@code callback} hears the outcome once it is applied (or refused). */
    record Propose(RaftCommand command, ApplyCallback callback) implements PeerMsg {
    }

    /** A linearizable read; {@code callback} runs once the read may be served. */
    record Read(ReadCallback callback) implements PeerMsg {
    }

    /** What PD asked of this region's leader. */
    record Admin(RegionCommand command) implements PeerMsg {
    }

    /** The snapshot sender's outcome for peer {@code to}. */
    record SnapshotReport(long to, boolean success) implements PeerMsg {
    }

    /** The transport could not reach peer {@code to}. */
    record Unreachable(long to) implements PeerMsg {
    }

    /** The leader removed this peer from the region, whose conf_ver is now {@code confVer}. */
    record Destroy(long confVer) implements PeerMsg {
    }

    /** Start an election now (a region just created by a split on the store that led its parent). */
    record Campaign() implements PeerMsg {
    }
}
