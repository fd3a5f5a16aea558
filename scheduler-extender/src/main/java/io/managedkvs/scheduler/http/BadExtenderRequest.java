package io.managedkvs.scheduler.http;

/** A request the extender cannot read; answered with 400 and the message, which names the field. */
public final class BadExtenderRequest extends RuntimeException {

    static final String EMPTY_BODY = "the request body is empty; expected kube-scheduler's ExtenderArgs";

    public BadExtenderRequest(String message) {
        super(message, null, false, false);
    }
}
