package io.managedkvs.cli.raftkv;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Starts a local raft-kv whose arguments, directory and ports have been checked. */
@FunctionalInterface
public interface RaftKvLauncher {

    /**
     * @param cancelled whether a stop was requested meanwhile: starting gives up and kills what it started
     */
    RaftKvPlayground launch(RaftKvLayout layout, Path dir, Consumer<String> events, BooleanSupplier cancelled, RaftKvPlayground.Options options);
}
