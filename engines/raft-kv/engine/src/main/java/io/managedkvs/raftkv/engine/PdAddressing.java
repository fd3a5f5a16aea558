package io.managedkvs.raftkv.engine;

import io.managedkvs.api.engine.ClusterView;
import io.managedkvs.api.resource.ManagedKVS;
import java.util.List;

/** Where the operator reaches an instance's placement driver. */
@FunctionalInterface
public interface PdAddressing {

    /** host:port addresses to try in turn. */
    List<String> addresses(ManagedKVS resource, ClusterView view);
}
