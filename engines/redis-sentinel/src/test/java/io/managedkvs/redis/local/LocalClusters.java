package io.managedkvs.redis.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Local clusters for one test: each gets a directory under a fresh temporary one, every cluster is
 * killed after the test whatever its outcome, and the directory (with the members' logs) is kept
 * when the test failed.
 */
public final class LocalClusters implements BeforeEachCallback, AfterEachCallback {

    private final List<LocalRedisCluster> started = new ArrayList<>();
    private Path dir;

    /** Starts a cluster of three members and three fast Sentinels, named {@code name}. */
    public LocalRedisCluster start(String name, String password) {
        return start(ClusterFixture.cluster(name, dir, password));
    }

    /** Starts the cluster {@code builder} describes; it must use {@link #dir()}. */
    public LocalRedisCluster start(LocalRedisCluster.Builder builder) {
        return start(builder.build());
    }

    /** Starts a built cluster (for example one whose data directories were prepared); it must use {@link #dir()}. */
    public LocalRedisCluster start(LocalRedisCluster cluster) {
        started.add(cluster);
        return cluster.start();
    }

    /** This test's directory. */
    public Path dir() {
        return dir;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("kvs-" + context.getRequiredTestClass().getSimpleName() + "-");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(LocalRedisCluster::close);
        started.clear();
        if (context.getExecutionException().isEmpty()) {
            delete(dir);
        } else {
            System.err.println("kept the members' directories and logs of the failed test in " + dir);
        }
    }

    private static void delete(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
