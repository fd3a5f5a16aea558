package io.managedkvs.raftkv.store.server;

import io.managedkvs.raftkv.client.ClientConfig;
import io.managedkvs.raftkv.client.RaftKvClient;
import io.managedkvs.raftkv.resp.backend.RaftKvBackend;
import io.managedkvs.raftkv.resp.server.RespServer;
import io.managedkvs.raftkv.resp.server.RespServerConfig;
import java.util.List;

/**
 * The Redis protocol front end (engines/raft-kv/resp) on {@code --resp-listen}. It reaches the
 * data through the raft-kv client, as any client does, so that every command goes to the leader
 * of its key's region, whichever store that is.
 */
public final class RespFrontEnd implements StoreComponent {

    private final HostPort listen;
    private final List<String> pd;
    private RaftKvBackend backend;
    private RespServer server;

    public RespFrontEnd(HostPort listen, List<String> pd) {
        this.listen = listen;
        this.pd = List.copyOf(pd);
    }

    @Override
    public void start(StoreNode node) throws Exception {
        backend = new RaftKvBackend(RaftKvClient.connect(ClientConfig.of(pd)));
        try {
            server = new RespServer(RespServerConfig.listen(listen.host(), listen.port()), backend).start();
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
        if (backend != null) {
            backend.close();
        }
    }
}
