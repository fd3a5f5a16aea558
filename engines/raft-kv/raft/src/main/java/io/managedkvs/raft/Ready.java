package io.managedkvs.raft;

import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.HardState;
import io.managedkvs.raft.message.Message;
import io.managedkvs.raft.message.Snapshot;
import java.util.List;

/**
 * Work for the application, in this order:
 * <ol>
 *   <li>persist {@code snapshot} (if any), {@code entries} and {@code hardState} (if not null),
 *       atomically, and make them durable when {@link #mustSync()};
 *   <li>then send {@code messages} (they may promise what step 1 persisted);
 *   <li>install the snapshot into the state machine, apply {@code committedEntries} in order,
 *       and serve the reads in {@code readStates} once their index is applied;
 *   <li>call {@code advance()}.
 * </ol>
 * {@code role} and {@code leaderId} are the node's state after this batch, for routing.
 */
public record Ready(
        HardState hardState,
        List<Entry> entries,
        Snapshot snapshot,
        List<Message> messages,
        List<Entry> committedEntries,
        List<ReadState> readStates,
        Role role,
        long leaderId) {

    /** Whether the persisted part changed in a way that needs an fsync before messages go out. */
    public boolean mustSync() {
        return hardState != null || !entries.isEmpty() || snapshot != null;
    }
}
