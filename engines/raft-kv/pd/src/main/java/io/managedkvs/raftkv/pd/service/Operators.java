package io.managedkvs.raftkv.pd.service;

import io.managedkvs.raftkv.proto.pd.RegionCommand;
import io.managedkvs.raftkv.proto.pd.RegionHeartbeat;
import java.util.List;

/** Where region heartbeats get their answer: the operators in progress. Called on the loop thread. */
public interface Operators {

    /** What the leader that sent {@code heartbeat} should do next for its region. */
    List<RegionCommand> commandsFor(RegionHeartbeat heartbeat);

    /** Operators in progress. */
    int running();
}
