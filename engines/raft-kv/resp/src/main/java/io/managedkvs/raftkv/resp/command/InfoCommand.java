package io.managedkvs.raftkv.resp.command;

import static io.managedkvs.raftkv.resp.command.CommandSpecBuilder.command;

import io.managedkvs.raftkv.resp.protocol.Reply;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * INFO, with the sections tools read (server, clients, memory, persistence, stats, replication,
 * keyspace). The keyspace section counts keys by walking the store, so it is left out of the
 * default sections and given only when asked for (INFO keyspace, INFO all).
 */
final class InfoCommand {

  private static final List<String> DEFAULT =
      List.of("server", "clients", "memory", "persistence", "stats", "replication");

  private final ServerStats stats;
  private final IntSupplier port;
  private final int maxClients;
  private final Supplier<CompletableFuture<long[]>> keyCounts;

  InfoCommand(ServerStats stats, IntSupplier port, int maxClients, Supplier<CompletableFuture<long[]>> keyCounts) {
    this.stats = stats;
    this.port = port;
    this.maxClients = maxClients;
    this.keyCounts = keyCounts;
  }

  CommandSpec spec() {
    return command("info", -1).flags("loading stale").acl("@slow @dangerous")
        .docs("server", "1.0.0", "O(1)", "Get information and statistics about the server")
        .handler(this::info);
  }

  private CompletableFuture<Reply> info(List<byte[]> args, Session session) {
    Set<String> sections = new LinkedHashSet<>();
    if (args.size() == 1) {
      sections.addAll(DEFAULT);
    }
    for (byte[] arg : args.subList(1, args.size())) {
      String s = Args.text(arg).toLowerCase(java.util.Locale.ROOT);
      if (s.equals("default")) {
        sections.addAll(DEFAULT);
      } else if (s.equals("all") || s.equals("everything")) {
        sections.addAll(DEFAULT);
        sections.add("keyspace");
      } else {
        sections.add(s);
      }
    }
    StringBuilder text = new StringBuilder();
    for (String section : sections) {
      append(text, section);
    }
    if (!sections.contains("keyspace")) {
      return CompletableFuture.completedFuture(new Reply.Verbatim(text.toString()));
    }
    return keyCounts.get().thenApply(counts -> {
      separate(text).append("# Keyspace\r\n");
      if (counts[0] > 0) {
        text.append("db0:keys=").append(counts[0]).append(",expires=").append(counts[1])
            .append(",avg_ttl=0\r\n");
      }
      return new Reply.Verbatim(text.toString());
    });
  }

  private void append(StringBuilder text, String section) {
    Runtime rt = Runtime.getRuntime();
    long usedMemory = rt.totalMemory() - rt.freeMemory();
    switch (section) {
      case "server" -> separate(text).append("# Server\r\n")
          .append("redis_version:").append(ServerIdentity.REDIS_VERSION).append("\r\n")
          .append("redis_mode:standalone\r\n")
          .append("server_name:raft-kv\r\n")
          .append("os:").append(System.getProperty("os.name")).append(' ')
          .append(System.getProperty("os.version")).append(' ').append(System.getProperty("os.arch")).append("\r\n")
          .append("arch_bits:64\r\n")
          .append("process_id:").append(ProcessHandle.current().pid()).append("\r\n")
          .append("tcp_port:").append(port.getAsInt()).append("\r\n")
          .append("uptime_in_seconds:").append(stats.uptimeSeconds()).append("\r\n")
          .append("uptime_in_days:").append(stats.uptimeSeconds() / 86400).append("\r\n");
      case "clients" -> separate(text).append("# Clients\r\n")
          .append("connected_clients:").append(stats.connectedClients()).append("\r\n")
          .append("maxclients:").append(maxClients).append("\r\n")
          .append("blocked_clients:0\r\n");
      case "memory" -> separate(text).append("# Memory\r\n")
          .append("used_memory:").append(usedMemory).append("\r\n")
          .append("used_memory_human:").append(usedMemory / (1024 * 1024)).append("M\r\n")
          .append("maxmemory:0\r\n")
          .append("maxmemory_policy:noeviction\r\n");
      case "persistence" -> separate(text).append("# Persistence\r\n")
          .append("loading:0\r\n")
          .append("aof_enabled:0\r\n");
      case "stats" -> separate(text).append("# Stats\r\n")
          .append("total_connections_received:").append(stats.connectionsReceived()).append("\r\n")
          .append("total_commands_processed:").append(stats.commandsProcessed()).append("\r\n")
          .append("rejected_connections:").append(stats.rejectedConnections()).append("\r\n");
      case "replication" -> separate(text).append("# Replication\r\n")
          .append("role:master\r\n")
          .append("connected_slaves:0\r\n");
      default -> { }
    }
  }

  /** Redis puts an empty line between sections. */
  private static StringBuilder separate(StringBuilder text) {
    return text.length() == 0 ? text : text.append("\r\n");
  }
}
