package io.managedkvs.scheduler.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.managedkvs.scheduler.cache.TestObjects;
import io.managedkvs.scheduler.http.Payloads;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The HTTP round trip to the packaged extender (target/quarkus-app), started as its own process against
 * fabric8's mock API server holding {@value BenchCluster#NODES} nodes and {@value BenchCluster#PODS} pods.
 * A request carries a member pod as kube-scheduler sends it and every node as a candidate: by name
 * (node-cache mode, about 0.3 MB) or as full node objects of about 6 KB each (about 30 MB). The client
 * sends prepared bytes and reads the answer as bytes, so the time is the extender's plus loopback HTTP.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 6)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class HttpRoundTripBenchmark {

    @Param({"names", "nodes"})
    public String mode;

    @Param({"filter", "prioritize"})
    public String verb;

    private KubernetesMockServer apiServer;
    private Process extender;
    private HttpClient http;
    private HttpRequest request;
    private long requestBytes;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        apiServer = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        apiServer.init();
        try (KubernetesClient client = apiServer.createClient()) {
            for (int i = 0; i < BenchCluster.NODES; i++) {
                client.nodes().resource(TestObjects.node(BenchCluster.nodeName(i), BenchCluster.zoneOf(i))).create();
            }
            for (BenchCluster.Member m : BenchCluster.members()) {
                client.pods().inNamespace(m.namespace()).resource(TestObjects.member(m.namespace(), m.name(), "raft-kv",
                        m.instance(), m.component(), m.groupSize(), true, m.node())).create();
            }
            int port = freePort();
            extender = startExtender(client.getMasterUrl().toString(), port);
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            awaitReady(port);
            byte[] body = body();
            requestBytes = body.length;
            request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/scheduler/" + verb))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<byte[]> first = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            System.out.printf("%n%s %s: request %,d bytes, response %,d bytes, status %d%n", mode, verb, requestBytes,
                    first.body().length, first.statusCode());
        }
    }

    private byte[] body() {
        ObjectNode pod = Payloads.member("bench", "orders-store-0", "raft-kv", "orders", "store", 3, true);
        if ("names".equals(mode)) {
            return Payloads.byNames(pod, BenchCluster.nodeNames());
        }
        List<ObjectNode> nodes = new ArrayList<>(BenchCluster.NODES);
        for (int i = 0; i < BenchCluster.NODES; i++) {
            nodes.add(Payloads.node(BenchCluster.nodeName(i), BenchCluster.zoneOf(i)));
        }
        return Payloads.withNodes(pod, nodes);
    }

    @Benchmark
    public int roundTrip() throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("extender answered " + response.statusCode());
        }
        return response.body().length;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        if (extender != null) {
            extender.destroy();
            if (!extender.waitFor(20, TimeUnit.SECONDS)) {
                extender.destroyForcibly();
            }
        }
        if (apiServer != null) {
            apiServer.destroy();
        }
    }

    private static Process startExtender(String apiServerUrl, int port) throws IOException {
        String jar = System.getProperty("bench.app", "target/quarkus-app/quarkus-run.jar");
        if (!new File(jar).isFile()) {
            throw new IllegalStateException(jar + " is missing: package the module first (see docs/benchmarks.md)");
        }
        Path dir = Files.createTempDirectory("extender-bench");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms512m", "-Xmx1g",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.kubernetes-client.api-server-url=" + apiServerUrl,
                "-Dquarkus.kubernetes-client.trust-certs=true",
                "-Dquarkus.kubernetes-client.namespace=default",
                "-Dquarkus.log.level=WARN",
                "-jar", new File(jar).getAbsolutePath());
        File log = dir.resolve("extender.log").toFile();
        System.out.println("extender log: " + log);
        return new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log).start();
    }

    private void awaitReady(int port) throws InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!extender.isAlive()) {
                throw new IllegalStateException("the extender exited with " + extender.exitValue());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the extender did not become ready");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
