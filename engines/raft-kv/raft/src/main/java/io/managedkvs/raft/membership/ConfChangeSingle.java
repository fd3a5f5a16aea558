package io.managedkvs.raft.membership;

import java.util.Objects;

/** One member added, promoted, demoted or removed. */
public record ConfChangeSingle(ConfChangeType type, long nodeId) {

    public ConfChangeSingle {
        Objects.requireNonNull(type, "type");
        if (nodeId <= 0) {
            throw new IllegalArgumentException("nodeId must be positive, got " + nodeId);
        }
    }

    @Override
    public String toString() {
        return switch (type) {
            case ADD_VOTER -> "v" + nodeId;
            case ADD_LEARNER -> "l" + nodeId;
            case REMOVE_NODE -> "r" + nodeId;
        };
    }
}
