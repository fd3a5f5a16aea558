package io.managedkvs.raftkv.resp.command;

import java.util.List;

/**
 * The keys a command reads or writes, so that a connection can run pipelined commands
 * concurrently while keeping its own order on each key. {@code wholeKeyspace} marks a read of
 * every key (SCAN, DBSIZE).
 */
public record KeyAccess(List<byte[]> keys, boolean write, boolean wholeKeyspace) {

  public static final KeyAccess NONE = new KeyAccess(List.of(), false, false);

  public boolean none() {
    return keys.isEmpty() && !wholeKeyspace;
  }
}
