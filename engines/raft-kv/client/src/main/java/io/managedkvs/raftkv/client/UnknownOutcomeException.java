package io.managedkvs.raftkv.client;

/**
 * A write was sent and no answer came (the store died, the connection broke, or the region could
 * not commit in time): it may or may not have taken effect. The client does not retry such a
 * write by itself, since applying it twice could reorder it with another client's write; the caller
 * reads to find out, or writes again knowing that.
 */
public final class UnknownOutcomeException extends RaftKvException {

    public UnknownOutcomeException(String message, Throwable cause) {
        super(message, cause);
    }
}
