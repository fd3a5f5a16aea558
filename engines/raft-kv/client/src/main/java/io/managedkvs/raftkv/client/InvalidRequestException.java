package io.managedkvs.raftkv.client;

/** The store or PD refused the request as invalid (an empty key, a value over the limit, ...); nothing changed. */
public final class InvalidRequestException extends RaftKvException {

    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
