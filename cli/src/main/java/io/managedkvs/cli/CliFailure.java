package io.managedkvs.cli;

/**
 * A command could not do its job for a reason the user can act on (a process did not start, the
 * instance did not recover). The message is shown as it is, without a stack trace; exit code 1.
 */
public class CliFailure extends RuntimeException {

    public CliFailure(String message) {
        super(message);
    }

    public CliFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
