package io.managedkvs.cli.bench;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a benchmark's playground runs. */
public final class BenchOptions {

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where the benchmark's members keep configurations, data and logs (default: a new temporary"
                    + " directory, removed after a successful run).")
    Path dir;

    @Option(names = "--port-base", paramLabel = "PORT",
            description = "Listen on ports from PORT, as the playground does (default: free ports).")
    Integer portBase;
}
