package io.managedkvs.raftkv.resp.command;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters for INFO, shared by every connection of one server. */
public final class ServerStats {

  private final long startedAtMs = System.currentTimeMillis();
  private final AtomicInteger connectedClients = new AtomicInteger();
  private final LongAdder connectionsReceived = new LongAdder();
  private final LongAdder commandsProcessed = new LongAdder();
  private final LongAdder rejectedConnections = new LongAdder();

  public void connected() {
    connectedClients.incrementAndGet();
    connectionsReceived.increment();
  }

  public void disconnected() {
    connectedClients.decrementAndGet();
  }

  public void rejected() {
    rejectedConnections.increment();
  }

  public void commandProcessed() {
    commandsProcessed.increment();
  }

  public int connectedClients() {
    return connectedClients.get();
  }

  long connectionsReceived() {
    return connectionsReceived.sum();
  }

  long commandsProcessed() {
    return commandsProcessed.sum();
  }

  long rejectedConnections() {
    return rejectedConnections.sum();
  }

  long uptimeSeconds() {
    return (System.currentTimeMillis() - startedAtMs) / 1000;
  }
}
