package io.managedkvs.raftkv.client;

/**
 * The call's timeout passed while the client was still being redirected or waiting for a leader:
 * every attempt was refused before it could take effect, so a write did not happen.
 */
public final class KvTimeoutException extends RaftKvException {

    public KvTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
