package io.managedkvs.raftkv.engine.actuator;

/** One call the operator makes to the placement driver. */
public record PdStep(Kind kind, long storeId, String pod, String why) {

    public enum Kind {
        /** RemoveStore: drain the store, then it becomes a tombstone. */
        REMOVE,
        /** SetStoreLeaderEviction(true): move its leaders away before a restart. */
        EVICT_LEADERS,
        /** SetStoreLeaderEviction(false): let leaders come back. */
        READMIT_LEADERS
    }
}
