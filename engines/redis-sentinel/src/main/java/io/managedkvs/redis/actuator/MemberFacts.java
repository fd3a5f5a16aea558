package io.managedkvs.redis.actuator;

/**
 * What the platform knows about a redis member apart from what Redis reports.
 *
 * @param ordinal   its ordinal (pod name suffix)
 * @param upToDate  whether it runs the current definition (image, restart-required configuration)
 * @param ready     whether it is running and passes its readiness check
 */
public record MemberFacts(int ordinal, boolean upToDate, boolean ready) {
}
