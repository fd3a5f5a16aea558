package io.managedkvs.raftkv.client;

/** A raft-kv call did not succeed; subclasses say whether it may have taken effect. */
public class RaftKvException extends RuntimeException {

    public RaftKvException(String message) {
        super(message);
    }

    public RaftKvException(String message, Throwable cause) {
        super(message, cause);
    }
}
