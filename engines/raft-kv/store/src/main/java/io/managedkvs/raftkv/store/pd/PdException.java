package io.managedkvs.raftkv.store.pd;

/** PD could not be reached or refused a request. */
public final class PdException extends RuntimeException {

    public PdException(String message) {
        super(message);
    }

    public PdException(String message, Throwable cause) {
        super(message, cause);
    }
}
