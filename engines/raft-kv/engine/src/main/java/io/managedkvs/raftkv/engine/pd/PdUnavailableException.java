package io.managedkvs.raftkv.engine.pd;

/** The placement driver could not be reached or answered with an error; the message says which and why. */
public final class PdUnavailableException extends RuntimeException {

    public PdUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public PdUnavailableException(String message) {
        super(message);
    }
}
