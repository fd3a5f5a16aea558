package io.managedkvs.raftkv.pd.service;

import io.managedkvs.raftkv.proto.pd.PdErrorType;

/** A request PD answers with an error in its response header. */
public final class PdException extends RuntimeException {

    private final PdErrorType type;

    public PdException(PdErrorType type, String message) {
        super(message);
        this.type = type;
    }

    public PdErrorType type() {
        return type;
    }
}
