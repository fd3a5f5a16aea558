package io.managedkvs.raftkv.resp.server;

import io.managedkvs.raftkv.resp.command.ByteKey;
import io.managedkvs.raftkv.resp.command.KeyAccess;
import java.util.HashMap;
import java.util.Map;

/**
 * The keys one connection's running commands hold. A pipelined command may start while earlier
 * ones run unless it touches a key one of them writes, or writes a key one of them reads: per key,
 * a connection's commands take effect in the order it sent them, as on Redis.
 */
final class KeyConflicts {

  private static final class Holders {
    int readers;
    int writers;
  }

  private final Map<ByteKey, Holders> held = new HashMap<>();
  private int writersTotal;
  private int keyspaceReaders;

  boolean blocks(KeyAccess access) {
    if (access.wholeKeyspace()) {
      return writersTotal > 0;
    }
    if (access.write() && keyspaceReaders > 0) {
      return true;
    }
    for (byte[] key : access.keys()) {
      Holders h = held.get(new ByteKey(key));
      if (h != null && (h.writers > 0 || (access.write() && h.readers > 0))) {
        return true;
      }
    }
    return false;
  }

  void acquire(KeyAccess access) {
    if (access.wholeKeyspace()) {
      keyspaceReaders++;
      return;
    }
    for (byte[] key : access.keys()) {
      Holders h = held.computeIfAbsent(new ByteKey(key), k -> new Holders());
      if (access.write()) {
        h.writers++;
        writersTotal++;
      } else {
        h.readers++;
      }
    }
  }

  void release(KeyAccess access) {
    if (access.wholeKeyspace()) {
      keyspaceReaders--;
      return;
    }
    for (byte[] key : access.keys()) {
      ByteKey k = new ByteKey(key);
      Holders h = held.get(k);
      if (access.write()) {
        h.writers--;
        writersTotal--;
      } else {
        h.readers--;
      }
      if (h.readers == 0 && h.writers == 0) {
        held.remove(k);
      }
    }
  }
}
