package io.managedkvs.raftkv.store.server;

import io.managedkvs.raftkv.client.ClientConfig;
import io.managedkvs.raftkv.client.HostPort;
import io.managedkvs.raftkv.client.RaftKvClient;
import io.managedkvs.raftkv.client.TransportSecurity;
import io.managedkvs.raftkv.resp.backend.RaftKvBackend;
import io.managedkvs.raftkv.resp.server.RespServer;
import io.managedkvs.raftkv.resp.server.RespServerConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The Redis protocol front end (engines/raft-kv/resp) on {@code --resp-listen}. It reaches the
 * data through the raft-kv client, as any client does, so that every command goes to the leader
 * of its key's region, whichever store that is. With TLS, the port speaks only TLS and requires a
 * client certificate from the cluster's CA (as redis-server with tls-auth-clients yes), and the
 * client it forwards through dials the stores with the store's own certificate.
 */
public final class RespFrontEnd implements StoreComponent {

    private final HostPort listen;
    private final List<String> pd;
    private final TransportSecurity security;
    private RaftKvBackend backend;
    private RespServer server;

    public RespFrontEnd(HostPort listen, List<String> pd) {
        this(listen, pd, TransportSecurity.plaintext());
    }

    public RespFrontEnd(HostPort listen, List<String> pd, TransportSecurity security) {
        this.listen = listen;
        this.pd = List.copyOf(pd);
        this.security = security;
    }

    @Override
    public void start(StoreNode node) throws Exception {
        backend = new RaftKvBackend(RaftKvClient.connect(ClientConfig.of(pd).withSecurity(security)));
        try {
            server = new RespServer(RespServerConfig.listen(listen.host(), listen.port()), backend,
                    System::currentTimeMillis, sslContext(security)).start();
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /** The port's TLS context, on the same reloading managers as the store's gRPC; null for plaintext. */
    static SslContext sslContext(TransportSecurity security) throws SSLException {
        if (!security.tls()) {
            return null;
        }
        return SslContextBuilder.forServer(security.keyManager().orElseThrow())
                .trustManager(security.trustManager().orElseThrow())
                .clientAuth(ClientAuth.REQUIRE).build();
    }

    /** The bound port (for tests that listen on port 0). */
    public int port() {
        return server.port();
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
