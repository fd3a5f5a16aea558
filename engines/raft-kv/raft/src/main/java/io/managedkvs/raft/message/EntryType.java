package io.managedkvs.raft.message;

/** What a log entry carries: an application command, or a membership change the core interprets. */
public enum EntryType {
    NORMAL,
    CONF_CHANGE
}
