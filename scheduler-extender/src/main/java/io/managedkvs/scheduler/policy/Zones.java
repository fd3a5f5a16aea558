package io.managedkvs.scheduler.policy;

/** How a node's failure domain is named. */
public final class Zones {

    /** Prefix of the zone of a node without a zone label: such a node is a failure domain of its own. */
    public static final String OWN_ZONE_PREFIX = "node:";

    private Zones() {
    }

    /** The zone of a node whose zone label has {@code labelValue} (null or blank when absent). */
    public static String of(String labelValue, String nodeName) {
        if (labelValue == null || labelValue.isBlank()) {
            return OWN_ZONE_PREFIX + nodeName;
        }
        return labelValue;
    }
}
