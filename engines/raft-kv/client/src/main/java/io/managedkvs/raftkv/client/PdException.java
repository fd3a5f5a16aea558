package io.managedkvs.raftkv.client;

import io.managedkvs.raftkv.proto.pd.PdErrorType;

/** PD answered with an error other than NOT_LEADER (which the client follows by itself). */
public final class PdException extends RaftKvException {

    private final PdErrorType type;

    public PdException(PdErrorType type, String message) {
        super("PD: " + type + (message.isEmpty() ? "" : ": " + message));
        this.type = type;
    }

    public PdErrorType type() {
        return type;
    }
}
