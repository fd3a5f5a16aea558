package io.managedkvs.raftkv.pd.schedule;

/**
 * How operators ended since this member started: counters, never reset (not even when leadership
 * moves), so that they can be exported as such.
 *
 * @param finished operators whose every step was done
 * @param cancelled operators given up, for any reason
 * @param timedOut the cancelled ones given up because a step made no progress in time
 */
public record OperatorOutcomes(long finished, long cancelled, long timedOut) {
}
