package io.managedkvs.cli.forward;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP forwarder on a local address that plays the part of a read-write Service: each new client
 * connection is joined to the current target, and when the target changes every existing connection
 * is closed, so that clients reconnect and reach the new target.
 *
 * <p>A Kubernetes Service does not do that last part: connections established through it stay with
 * the old pod when its endpoint moves. What ends them there is the old primary itself, which the
 * engine (and Sentinel) demote together with {@code CLIENT KILL} of its clients; a client that
 * reconnects before the Service has moved may still reach the old primary once and get
 * {@code READONLY}. Closing here too makes the playground behave like a Service whose connections
 * the demoted primary has just closed.
 *
 * <p>Blocking sockets, one thread per direction of each connection. It is bounded by construction:
 * at most {@code maxConnections} connections at once (a connection beyond that is answered with a
 * RESP error and closed), so at most twice as many copying threads; each direction copies through
 * one buffer with blocking reads and writes, so a slow reader slows its writer rather than queueing
 * data here.
 */
public final class TcpForwarder implements AutoCloseable {

    private static final int BUFFER_BYTES = 16 * 1024;
    private static final int BACKLOG = 128;

    private final InetSocketAddress listen;
    private final int maxConnections;
    private final int connectTimeoutMillis;
    private final Semaphore permits;
    private final ThreadPoolExecutor pool;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Target> target = new AtomicReference<>(new Target(null, 0));
    private final AtomicLong refused = new AtomicLong();
    private volatile ServerSocket server;
    private volatile boolean closed;

    /**
     * @param listen         where to listen; port 0 picks a free port
     * @param maxConnections the most client connections served at once
     * @param connectTimeout how long to wait for the target to accept a connection
     */
    public TcpForwarder(InetSocketAddress listen, int maxConnections, Duration connectTimeout) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
        this.listen = listen;
        this.maxConnections = maxConnections;
        this.connectTimeoutMillis = (int) connectTimeout.toMillis();
        this.permits = new Semaphore(maxConnections);
        // Two copying threads per connection, and a little slack for threads returning to the pool.
        this.pool = new ThreadPoolExecutor(0, 2 * maxConnections + 2, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "forwarder-" + listen.getPort());
            t.setDaemon(true);
            return t;
        });
    }

    /** Binds the listening socket and starts accepting. Connections are closed at once until a target is set. */
    public TcpForwarder start() {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(listen, BACKLOG);
            server = s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + listen.getHostString() + ":" + listen.getPort() + ": " + e.getMessage(), e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "forwarder-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        return this;
    }

    /** The address clients connect to. */
    public InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    public Optional<InetSocketAddress> target() {
        return Optional.ofNullable(target.get().address());
    }

    public int maxConnections() {
        return maxConnections;
    }

    /** Connections open now. */
    public int openConnections() {
        return links.size();
    }

    /** Connections refused because {@link #maxConnections()} were open. */
    public long refusedConnections() {
        return refused.get();
    }

    /**
     * Points new connections at {@code to} and closes every existing one. Returns whether the target
     * changed; setting the same target again leaves connections alone.
     */
    public synchronized boolean retarget(InetSocketAddress to) {
        Objects.requireNonNull(to, "to");
        Target old = target.get();
        if (to.equals(old.address())) {
            return false;
        }
        target.set(new Target(to, old.generation() + 1));
        for (Link link : links) {
            link.close();
        }
        return true;
    }

    /**
     * Points new connections nowhere (they are closed at once) and closes every existing one: the
     * target is cut off until {@link #retarget} points it somewhere again.
     */
    public synchronized void detach() {
        Target old = target.get();
        target.set(new Target(null, old.generation() + 1));
        for (Link link : links) {
            link.close();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (!permits.tryAcquire()) {
                refuse(client);
                continue;
            }
            try {
                pool.execute(() -> serve(client));
            } catch (RejectedExecutionException e) {
                permits.release();
                closeQuietly(client);
            }
        }
    }

    private void refuse(Socket client) {
        refused.incrementAndGet();
        try (client) {
            OutputStream out = client.getOutputStream();
            out.write(("-ERR the read-write forwarder allows at most " + maxConnections + " connections\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // The client went away first.
        }
    }

    /** Runs on a pool thread: joins the client to the current target and copies client to target. */
    private void serve(Socket client) {
        Target t = target.get();
        if (t.address() == null || closed) {
            closeQuietly(client);
            permits.release();
            return;
        }
        Socket upstream = new Socket();
        try {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            upstream.connect(t.address(), connectTimeoutMillis);
        } catch (IOException e) {
            closeQuietly(upstream);
            closeQuietly(client);
            permits.release();
            return;
        }
        Link link = new Link(client, upstream);
        links.add(link);
        if (target.get().generation() != t.generation() || closed) {
            link.close(); // the target moved while this connection was being set up
        }
        try {
            pool.execute(() -> link.pump(upstream, client));
        } catch (RejectedExecutionException e) {
            link.close();
            link.finished();
        }
        link.pump(client, upstream);
    }

    @Override
    public void close() {
        closed = true;
        ServerSocket s = server;
        if (s != null) {
            closeQuietly(s);
        }
        for (Link link : links) {
            link.close();
        }
        pool.shutdown();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // Closing is best effort.
        }
    }

    private record Target(InetSocketAddress address, long generation) {
    }

    /** One client connection joined to one target connection. */
    private final class Link {
        private final Socket client;
        private final Socket upstream;
        private final AtomicLong running = new AtomicLong(2);

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        /** Copies until either side ends; then both sides are closed. */
        void pump(Socket from, Socket to) {
            byte[] buffer = new byte[BUFFER_BYTES];
            try {
                var in = from.getInputStream();
                var out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // A closed or reset side ends the connection.
            } finally {
                close();
                finished();
            }
        }

        void close() {
            closeQuietly(client);
            closeQuietly(upstream);
        }

        void finished() {
            if (running.decrementAndGet() == 0) {
                links.remove(this);
                permits.release();
            }
        }
    }
}
