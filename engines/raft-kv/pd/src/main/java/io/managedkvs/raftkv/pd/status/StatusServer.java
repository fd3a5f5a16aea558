package io.managedkvs.raftkv.pd.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The HTTP side of a process: {@code /metrics} (Prometheus text, from Micrometer), {@code /health}
 * (liveness: the process works) and {@code /ready} (readiness: it can serve). The JDK's HTTP
 * server on one thread: scrapes and probes are rare and cheap.
 */
public final class StatusServer implements AutoCloseable {

    private final HttpServer http;
    private final ExecutorService executor;

    public StatusServer(InetSocketAddress address, PrometheusMeterRegistry registry, BooleanSupplier healthy, BooleanSupplier ready) throws IOException {
        this.http = HttpServer.create(address, 16);
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "status-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        http.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        http.createContext("/health", ex -> probe(ex, healthy.getAsBoolean()));
        http.createContext("/ready", ex -> probe(ex, ready.getAsBoolean()));
    }

    public StatusServer start() {
        http.start();
        return this;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    private static void probe(HttpExchange ex, boolean ok) throws IOException {
        respond(ex, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ready\n");
    }

    private static void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
