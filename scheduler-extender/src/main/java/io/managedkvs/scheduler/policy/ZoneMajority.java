package io.managedkvs.scheduler.policy;

/** How firmly a quorum component is kept from holding a majority of its members in one zone. */
public enum ZoneMajority {
    /**
     * A member waits rather than give one zone a majority, as long as the zones it may run in could hold
     * the group without one; when they cannot (too few zones), the least-loaded zones are allowed.
     */
    REQUIRED,
    /** When every feasible node would give its zone a majority, the least-loaded zones are allowed. */
    PREFERRED
}
