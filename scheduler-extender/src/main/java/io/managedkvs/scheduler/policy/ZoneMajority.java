package io.managedkvs.scheduler.policy;

/**
 * How firmly a quorum component is kept from putting so many members in one zone that losing the zone
 * loses its quorum (see docs/decisions/0005-zone-majority.md). The name of the setting predates the
 * stricter limit for even group sizes and is kept so that existing configurations still apply.
 */
public enum ZoneMajority {
    /**
     * A member waits rather than put one member too many in a zone, as long as the zones it may run in
     * could hold the group that way; when they cannot (too few zones), the least-loaded zones are allowed.
     */
    REQUIRED,
    /** When every feasible node would put one member too many in its zone, the least-loaded zones are allowed. */
    PREFERRED
}
