package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raftkv.proto.kv.RegionError;

/**
 * What applying a command produced: a region error (nothing written), or the command's answer:
 * {@code flag} is "deleted" for Delete and "succeeded" for CompareAndSwap.
 */
public record ApplyResult(RegionError error, boolean flag, boolean previousFound, byte[] previousValue) {

    public static final ApplyResult OK = new ApplyResult(null, false, false, null);

    public static ApplyResult error(RegionError e) {
        return new ApplyResult(e, false, false, null);
    }
}
