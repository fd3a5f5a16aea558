package io.managedkvs.raftkv.resp.command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SCAN's cursors. Redis clients parse the cursor as a number (redis-cli uses strtoull), and a
 * raft-kv position is a key, so this process keeps the key behind each number it hands out, the
 * most recent {@code capacity} of them. A continuation must come back to the same store process:
 * a client's connection does.
 */
final class ScanCursors {

  private final int capacity;
  private final AtomicLong next = new AtomicLong(ThreadLocalRandom.current().nextLong(1, 1L << 40));
  private final Map<Long, byte[]> positions;

  ScanCursors(int capacity) {
    this.capacity = capacity;
    this.positions = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
        return size() > ScanCursors.this.capacity;
      }
    };
  }

  /** The cursor for a scan that continues at {@code nextKey}. */
  synchronized long register(byte[] nextKey) {
    long id = next.getAndIncrement();
    positions.put(id, nextKey);
    return id;
  }

  /** The key a cursor continues at; {@code null} for an unknown or forgotten cursor. */
  synchronized byte[] resume(long cursor) {
    return positions.get(cursor);
  }
}
