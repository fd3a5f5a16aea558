package io.managedkvs.raft.storage;

import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.message.HardState;
import java.util.Objects;

/**
 * What a node restarts from. {@code confState} is the membership as of {@code appliedIndex}; the
 * core replays the membership changes it finds in the log after that index.
 */
public record InitialState(HardState hardState, ConfState confState, long appliedIndex) {

    public InitialState {
        Objects.requireNonNull(hardState, "hardState");
        Objects.requireNonNull(confState, "confState");
        if (appliedIndex < 0) {
            throw new IllegalArgumentException("appliedIndex must not be negative, got " + appliedIndex);
        }
    }
}
