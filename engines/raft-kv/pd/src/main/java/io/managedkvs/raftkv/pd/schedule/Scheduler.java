package io.managedkvs.raftkv.pd.schedule;

import java.util.List;

/** Decides, never does: looks at a snapshot and proposes operators. Pure and fast. */
public interface Scheduler {

    String name();

    /** Operators for regions not already busy, most urgent first. */
    List<Operator> schedule(ClusterSnapshot cluster);
}
