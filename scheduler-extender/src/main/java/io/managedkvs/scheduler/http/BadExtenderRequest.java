package io.managedkvs.scheduler.http;

/** A request the extender cannot read; answered with 400 and the message, which names the field. */
public final class BadExtenderRequest extends RuntimeException {

    public BadExtenderRequest(String message) {
        super(message, null, false, false);
    }
}
