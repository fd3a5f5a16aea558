package io.managedkvs.cli.etcd;

import io.managedkvs.cli.CliFailure;
import io.managedkvs.cli.local.ChildProcess;
import io.managedkvs.cli.local.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A 3-member etcd on loopback from the machine's etcd binary (Debian's etcd-server), each member with
 * its own data directory and log, as the benchmark's peer.
 */
public final class EtcdCluster implements AutoCloseable {

    public static final int MEMBERS = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final List<ChildProcess> members;
    private final List<String> clientUrls;

    private EtcdCluster(List<ChildProcess> members, List<String> clientUrls) {
        this.members = members;
        this.clientUrls = clientUrls;
    }

    /** The etcd binary on the PATH, or a failure that says how to install it. */
    public static Path binary() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path p = Path.of(dir, "etcd");
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        throw new CliFailure("etcd is not installed: the benchmark runs it as the peer; on Debian or Ubuntu:"
                + " apt-get install -y etcd-server");
    }

    /** Starts the members in {@code dir} and waits until each listens for clients. */
    public static EtcdCluster start(Path binary, Path dir) {
        int[] ports = FreePorts.pick(2 * MEMBERS);
        String initial = IntStream.range(0, MEMBERS).mapToObj(i -> name(i) + "=http://127.0.0.1:" + ports[MEMBERS + i])
                .collect(Collectors.joining(","));
        List<ChildProcess> members = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            String client = "http://127.0.0.1:" + ports[i];
            String peer = "http://127.0.0.1:" + ports[MEMBERS + i];
            Path data = dir.resolve(name(i));
            try {
                Files.createDirectories(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            members.add(new ChildProcess(name(i), List.of(binary.toString(), "--name", name(i), "--data-dir", data.resolve("data").toString(),
                    "--listen-client-urls", client, "--advertise-client-urls", client, "--listen-peer-urls", peer,
                    "--initial-advertise-peer-urls", peer, "--initial-cluster", initial, "--initial-cluster-state", "new",
                    "--initial-cluster-token", "kvsctl-bench-" + ports[0]), dir.resolve(name(i) + ".log"), ports[i]));
            urls.add(client);
        }
        EtcdCluster cluster = new EtcdCluster(members, urls);
        try {
            members.forEach(ChildProcess::start);
            members.forEach(m -> m.awaitListening(START_TIMEOUT));
        } catch (RuntimeException e) {
            cluster.close();
            throw new CliFailure("could not start etcd: " + e.getMessage(), e);
        }
        return cluster;
    }

    private static String name(int i) {
        return "etcd-" + i;
    }

    public List<String> clientUrls() {
        return clientUrls;
    }

    @Override
    public void close() {
        for (ChildProcess m : members) {
            m.stop(Duration.ofSeconds(5));
        }
    }
}
