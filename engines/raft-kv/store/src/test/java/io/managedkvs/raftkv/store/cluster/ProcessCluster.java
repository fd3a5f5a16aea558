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
        this(dir, storeCount, storeArgs, List.of());
    }

    /** @param pdArgs options added to PD's command line, e.g. a short {@code --down-store-timeout} */
    ProcessCluster(Path dir, int storeCount, List<String> storeArgs, List<String> pdArgs) throws Exception {
        this.dir = dir;
        this.storeArgs = storeArgs;
        int pdPort = PdStoreCluster.freePort();
        int pdStatus = PdStoreCluster.freePort();
        pdAddress = "127.0.0.1:" + pdPort;
        List<String> pdCmd = new ArrayList<>(List.of("io.managedkvs.raftkv.pd.PdMain", "--id", "1", "--data-dir", dir.resolve("pd").toString(),
                "--listen", pdAddress, "--status-listen", "127.0.0.1:" + pdStatus));
        pdCmd.addAll(pdArgs);
        pd = launch("pd", pdCmd);
        for (int i = 0; i < storeCount; i++) {
            storePorts.add(PdStoreCluster.freePort());
            statusPorts.add(PdStoreCluster.freePort());
            stores.add(null);
        }
        try {
            awaitReady(pd, pdStatus, "PD");
            for (int i = 0; i < storeCount; i++) {
                stores.set(i, launchStore(i));
            }
            for (int i = 0; i < storeCount; i++) {
                awaitReady(stores.get(i), statusPorts.get(i), "store " + i);
            }
        } catch (Exception | Error e) {
            // The caller never gets a cluster to close: stop what was started so no process outlives the
            // test, and print the logs now, since the temporary directory holding them goes with it.
            close();
            printLogTails(12_000);
            throw e;
        }
    }

    private Process launchStore(int i) throws IOException {
        return launchStore(i, List.of());
    }

    private Process launchStore(int i, List<String> extraArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("io.managedkvs.raftkv.store.StoreMain",
                "--data-dir", dir.resolve("store-" + i).toString(), "--listen", "127.0.0.1:" + storePorts.get(i),
                "--status-listen", "127.0.0.1:" + statusPorts.get(i), "--pd", pdAddress, "--labels", "zone=z" + i,
                // Three stores on one machine cannot share the default Redis-protocol port, and this test does not use it.
                "--resp-listen", "off"));
        cmd.addAll(storeArgs);
        cmd.addAll(extraArgs);
        return launch("store-" + i, cmd);
    }

    private Process launch(String name, List<String> mainAndArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(mainAndArgs);
        Path log = dir.resolve(name + ".log");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Waits for {@code process} to answer ready on its status port; fails at once if it exited. */
    private void awaitReady(Process process, int statusPort, String what) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException(what + " exited with status " + process.exitValue()
                        + " before it was ready; see its log in " + dir);
            }
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
        awaitReady(stores.get(i), statusPorts.get(i), "store " + i);
    }

    /** Starts one more store (the next index) and waits until it is ready. */
    int addStore() throws Exception {
        int i = stores.size();
        storePorts.add(PdStoreCluster.freePort());
        statusPorts.add(PdStoreCluster.freePort());
        stores.add(launchStore(i));
        awaitReady(stores.get(i), statusPorts.get(i), "store " + i);
        return i;
    }

    /**
     * Starts a store with an empty data directory that claims store {@code target}'s address (it
     * listens elsewhere); returns its index without waiting, as PD may refuse it.
     */
    int addStoreAt(int target) throws IOException {
        int i = stores.size();
        storePorts.add(PdStoreCluster.freePort());
        statusPorts.add(PdStoreCluster.freePort());
        stores.add(launchStore(i, List.of("--advertise", storeAddress(target))));
        return i;
    }

    boolean alive(int i) {
        return stores.get(i).isAlive();
    }

    /** Deletes store {@code i}'s data directory, as a replaced pod's fresh volume; the store must be stopped. */
    void wipe(int i) throws IOException {
        Path data = dir.resolve("store-" + i);
        if (Files.exists(data)) {
            try (var files = Files.walk(data)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The gRPC address store {@code i} listens on and advertises. */
    String storeAddress(int i) {
        return "127.0.0.1:" + storePorts.get(i);
    }

    String metrics(int i) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPorts.get(i) + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    String log(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".log"));
    }

    /**
     * After the processes stopped: copies every log (PD's, then each store's) into {@code keep},
     * which outlives the test's temporary directory, and prints the last {@code tailChars} of each
     * into the test's output (the failsafe report), for when the test failed.
     */
    void keepLogs(Path keep, int tailChars) throws IOException {
        Files.createDirectories(keep);
        for (String name : processNames()) {
            Files.writeString(keep.resolve(name + ".log"), log(name));
        }
        printLogTails(tailChars);
    }

    /**
     * After the processes stopped: prints the last {@code tailChars} of every log (PD's, then each
     * store's) into the test's output, which the failsafe report keeps, for when the test failed.
     */
    void printLogTails(int tailChars) throws IOException {
        for (String name : processNames()) {
            if (!Files.exists(dir.resolve(name + ".log"))) {
                continue; // never started
            }
            String log = log(name);
            System.out.println("==== " + name + "\n" + log.substring(Math.max(0, log.length() - tailChars)));
        }
    }

    private List<String> processNames() {
        List<String> names = new ArrayList<>(List.of("pd"));
        for (int i = 0; i < stores.size(); i++) {
            names.add("store-" + i);
        }
        return names;
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
