package io.managedkvs.cli.playground;

import java.util.ArrayList;
import java.util.List;

/**
 * The ports of a playground from one base: the read-write address on the base itself, then the
 * redis members, then the Sentinels. Base 0 means free ports, picked when the processes start.
 *
 * @param base      the read-write port, or 0
 * @param members   redis members
 * @param sentinels Sentinels
 */
public record PortLayout(int base, int members, int sentinels) {

    public static final int DEFAULT_BASE = 6380;
    public static final int LOWEST_BASE = 1024;

    public static PortLayout free(int members, int sentinels) {
        return new PortLayout(0, members, sentinels);
    }

    /** The highest base whose ports all fit below 65536. */
    public static int highestBase(int members, int sentinels) {
        return 65_535 - members - sentinels;
    }

    public boolean fixed() {
        return base != 0;
    }

    /** The read-write port; 0 for a free one. */
    public int readWrite() {
        return base;
    }

    /** The first redis member's port (members and Sentinels follow it); 0 for free ones. */
    public int firstMember() {
        return fixed() ? base + 1 : 0;
    }

    /** Every port of a fixed layout, in order; empty for free ports. */
    public List<Integer> all() {
        List<Integer> out = new ArrayList<>();
        if (fixed()) {
            for (int p = base; p <= base + members + sentinels; p++) {
                out.add(p);
            }
        }
        return out;
    }
}
