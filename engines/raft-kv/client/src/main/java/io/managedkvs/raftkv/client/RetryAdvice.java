package io.managedkvs.raftkv.client;

/**
 * What to do after a store refused a request for a routing reason: retry at once (the error said
 * where to go), or after a wait (no one to go to yet), or ask PD first.
 *
 * @param waitMillis  how long to wait before the retry; 0 for at once
 * @param backoff     whether to wait by the backoff policy instead (waitMillis is then 0)
 * @param reason      the store's message, kept for the error a caller sees if time runs out
 */
record RetryAdvice(long waitMillis, boolean backoff, String reason) {

    static RetryAdvice now(String reason) {
        return new RetryAdvice(0, false, reason);
    }

    static RetryAdvice afterBackoff(String reason) {
        return new RetryAdvice(0, true, reason);
    }

    static RetryAdvice after(long millis, String reason) {
        return new RetryAdvice(millis, false, reason);
    }
}
