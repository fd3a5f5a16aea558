package io.managedkvs.cli.bench.ycsb;

/**
 * A store the benchmark drives, one blocking call at a time per thread. Reads must be linearizable.
 */
public interface KvTarget extends AutoCloseable {

    /** The engine's name in the result line. */
    String engine();

    /** Reads a record; returns whether it was found. */
    boolean read(byte[] key);

    void update(byte[] key, byte[] value);

    @Override
    void close();
}
