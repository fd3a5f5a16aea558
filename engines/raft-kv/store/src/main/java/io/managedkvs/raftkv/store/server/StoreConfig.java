package io.managedkvs.raftkv.store.server;

import io.managedkvs.raftkv.client.HostPort;
import io.managedkvs.raftkv.client.TransportSecurity;
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
 * @param security how every gRPC server and channel of the store (and its Redis protocol port) is
 *     secured; the HTTP status server stays plaintext
 */
public record StoreConfig(
        Path dataDir,
        HostPort listen,
        HostPort advertise,
        HostPort status,
        List<String> pd,
        Map<String, String> labels,
        RaftStoreConfig raftStore,
        TransportSecurity security) {

    /** A plaintext store. */
    public StoreConfig(Path dataDir, HostPort listen, HostPort advertise, HostPort status, List<String> pd,
                       Map<String, String> labels, RaftStoreConfig raftStore) {
        this(dataDir, listen, advertise, status, pd, labels, raftStore, TransportSecurity.plaintext());
    }
}
