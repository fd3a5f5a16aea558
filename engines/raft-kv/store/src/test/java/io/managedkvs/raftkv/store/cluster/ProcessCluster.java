package io.managedkvs.raftkv.store.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * PD and store nodes as separate JVM processes started from this test's classpath, each with its
 * own directory, ports and log file. Stores can be killed with SIGKILL and restarted on the same
 * data and ports.
 */
final class ProcessCluster implements AutoCloseable {

    private final Path dir;
    final String pdAddress;
    private Process pd;
    private final List<Process> stores = new ArrayList<>();
    private final List<Integer> storePorts = new ArrayList<>();
    private final List<Integer> statusPorts = new ArrayList<>();
    private final List<String> storeArgs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    ProcessCluster(Path dir, int storeCount, List<String> storeArgs) throws Exception {
        this.dir = dir;
        this.storeArgs = storeArgs;
        int pdPort = PdStoreCluster.freePort();
        int pdStatus = PdStoreCluster.freePort();
        pdAddress = "127.0.0.1:" + pdPort;
        pd = launch("pd", List.of("io.managedkvs.raftkv.pd.PdMain", "--id", "1", "--data-dir", dir.resolve("pd").toString(),
                "--listen", pdAddress, "--status-listen", "127.0.0.1:" + pdStatus));
        for (int i = 0; i < storeCount; i++) {
            storePorts.add(PdStoreCluster.freePort());
            statusPorts.add(PdStoreCluster.freePort());
            stores.add(null);
        }
        try {
            awaitReady(pdStatus, "PD");
            for (int i = 0; i < storeCount; i++) {
                stores.set(i, launchStore(i));
            }
            for (int i = 0; i < storeCount; i++) {
                awaitReady(statusPorts.get(i), "store " + i);
            }
        } catch (Exception | Error e) {
            // The caller never gets a cluster to close: stop what was started so no process outlives the test.
            close();
            throw e;
        }
    }

    private Process launchStore(int i) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("io.managedkvs.raftkv.store.StoreMain",
                "--data-dir", dir.resolve("store-" + i).toString(), "--listen", "127.0.0.1:" + storePorts.get(i),
                "--status-listen", "127.0.0.1:" + statusPorts.get(i), "--pd", pdAddress, "--labels", "zone=z" + i,
                // Three stores on one machine cannot share the default Redis-protocol port, and this test does not use it.
                "--resp-listen", "off"));
        cmd.addAll(storeArgs);
        return launch("store-" + i, cmd);
    }

    private Process launch(String name, List<String> mainAndArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(mainAndArgs);
        Path log = dir.resolve(name + ".log");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    void awaitReady(int statusPort, String what) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + "/ready"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(what + " not ready within 60 s; see the logs in " + dir);
    }

    /** SIGKILL: no shutdown hook, no flush. */
    void kill(int i) throws InterruptedException {
        Process p = stores.get(i);
        p.destroyForcibly();
        p.waitFor();
    }

    void restart(int i) throws Exception {
        stores.set(i, launchStore(i));
        awaitReady(statusPorts.get(i), "store " + i);
    }

    String metrics(int i) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPorts.get(i) + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    String log(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".log"));
    }

    @Override
    public void close() {
        for (Process p : stores) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
        if (pd != null) {
            pd.destroyForcibly();
        }
        for (Process p : stores) {
            if (p != null) {
                try {
                    p.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
