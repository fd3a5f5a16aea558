package io.managedkvs.raftkv.store.engine;

/** Receives the pairs of a scan in key order; returns false to stop. */
@FunctionalInterface
public interface KeyVisitor {
    boolean visit(byte[] key, byte[] value);
}
