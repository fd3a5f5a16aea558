package io.managedkvs.raftkv.store.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.managedkvs.raftkv.client.HostPort;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The store's HTTP status endpoints on the JDK's server: /metrics (Prometheus), /health, /ready. */
final class StatusServer {

    private final HttpServer server;

    StatusServer(HostPort listen, Supplier<String> metrics, BooleanSupplier healthy, BooleanSupplier ready) throws IOException {
        server = HttpServer.create(new InetSocketAddress(listen.host(), listen.port()), 16);
        server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
        server.createContext("/health", ex -> probe(ex, healthy.getAsBoolean()));
        server.createContext("/ready", ex -> probe(ex, ready.getAsBoolean()));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "status-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void probe(HttpExchange ex, boolean ok) throws IOException {
        respond(ex, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ready\n");
    }

    private static void respond(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    void stop() {
        server.stop(0);
    }
}
