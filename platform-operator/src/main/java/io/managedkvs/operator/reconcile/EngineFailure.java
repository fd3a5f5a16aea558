package io.managedkvs.operator.reconcile;

import io.managedkvs.api.engine.Credentials;
import java.util.Optional;

/**
 * An exception an engine threw (or a broken engine contract), turned into a message that is safe for
 * the status, Events and logs: the engine step, the exception type and its message with the client
 * password, should it appear, masked.
 */
final class EngineFailure {

    private EngineFailure() {
    }

    static String message(String engine, String step, RuntimeException e, Optional<Credentials> credentials) {
        String detail = e.getMessage() == null ? "" : ": " + e.getMessage();
        String text = "engine " + engine + " failed in " + step + ": " + e.getClass().getSimpleName() + detail;
        return redact(text, credentials);
    }

    static String redact(String text, Optional<Credentials> credentials) {
        if (credentials.isEmpty() || credentials.get().password() == null || credentials.get().password().isEmpty()) {
            return text;
        }
        return text.replace(credentials.get().password(), "****");
    }

    /** Whether the exception's message (or a cause's) contains the password, so its stack must not be logged. */
    static boolean mentionsSecret(Throwable e, Optional<Credentials> credentials) {
        if (credentials.isEmpty() || credentials.get().password() == null || credentials.get().password().isEmpty()) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(credentials.get().password())) {
                return true;
            }
        }
        return false;
    }
}
