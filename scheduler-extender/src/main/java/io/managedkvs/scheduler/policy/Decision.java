package io.managedkvs.scheduler.policy;

/** What the policy did for one request; reported in metrics, logs and the response. */
public enum Decision {
    /** The pod is not a member of a managed instance: every node passes, no score. */
    PASSTHROUGH("passthrough"),
    /** Members were kept apart without compromise. */
    SPREAD("spread"),
    /** Every feasible node already runs a member of the group: the least-loaded were allowed. */
    NODE_FALLBACK("node-fallback"),
    /**
     * Every feasible node would put so many members in its zone that losing the zone loses the quorum, and
     * the member was placed anyway (too few zones, or {@link ZoneMajority#PREFERRED}): the least-loaded
     * zones were allowed. The group runs, but losing one of its zones can cost it the quorum.
     */
    ZONE_FALLBACK("zone-fallback"),
    /** Every feasible node would put one member too many in its zone although other zones could take it: it waits. */
    ZONE_WAIT("zone-wait"),
    /** One node was chosen and reserved, so that members scheduled together know where each went. */
    PICKED("picked"),
    /** kube-scheduler sent no candidate. */
    NO_CANDIDATES("no-candidates");

    private final String tag;

    Decision(String tag) {
        this.tag = tag;
    }

    /** The name used in metrics and responses. */
    public String tag() {
        return tag;
    }

    /** Whether the member could not be kept apart as asked: it waits, or was placed with a compromise. */
    public boolean compromise() {
        return this == NODE_FALLBACK || this == ZONE_FALLBACK || this == ZONE_WAIT;
    }
}
