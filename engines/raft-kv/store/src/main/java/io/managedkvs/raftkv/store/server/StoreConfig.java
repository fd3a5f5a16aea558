package io.managedkvs.raftkv.store.server;

import io.managedkvs.raftkv.store.raftstore.RaftStoreConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a store process is started with (StoreMain's options).
 *
 * @param advertise what other stores and clients dial; null for the listen address (the host's name
 *     when listening on 0.0.0.0)
 * @param status the HTTP status server; null for none
 */
public record StoreConfig(
        Path dataDir,
        HostPort listen,
        HostPort advertise,
        HostPort status,
        List<String> pd,
        Map<String, String> labels,
        RaftStoreConfig raftStore) {
}
