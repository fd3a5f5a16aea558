package io.managedkvs.raftkv.resp.command;

import static io.managedkvs.raftkv.resp.command.CommandSpecBuilder.command;

import io.managedkvs.raftkv.resp.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * CONFIG GET over the few parameters tools ask for (redis-benchmark reads save and appendonly);
 * raft-kv is configured through its store options, not CONFIG SET.
 */
final class ConfigCommand {

  private final Map<String, String> parameters = new LinkedHashMap<>();

  ConfigCommand(int maxClients) {
    parameters.put("save", "");
    parameters.put("appendonly", "no");
    parameters.put("databases", "1");
    parameters.put("maxmemory", "0");
    parameters.put("maxmemory-policy", "noeviction");
    parameters.put("maxclients", Integer.toString(maxClients));
    parameters.put("timeout", "0");
    parameters.put("cluster-enabled", "no");
  }

  CommandSpec spec() {
    return command("config", -2).flags("").acl("@slow")
        .docs("server", "2.0.0", "Depends on subcommand.", "A container for server configuration commands")
        .handler(this::config);
  }

  private CompletableFuture<Reply> config(List<byte[]> args, Session session) {
    if (!Args.is(args.get(1), "GET")) {
      throw new ReplyException(Errors.unknownSubcommand(Args.text(args.get(1)), "CONFIG"));
    }
    if (args.size() < 3) {
      throw new ReplyException(Errors.wrongArity("config|get"));
    }
    List<Reply> out = new ArrayList<>();
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      byte[] name = p.getKey().getBytes(StandardCharsets.US_ASCII);
      boolean wanted = args.subList(2, args.size()).stream().anyMatch(g -> new GlobPattern(lower(g)).matches(name));
      if (wanted) {
        out.add(Reply.bulk(p.getKey()));
        out.add(Reply.bulk(p.getValue()));
      }
    }
    return CompletableFuture.completedFuture(new Reply.Map(out));
  }

  private static byte[] lower(byte[] pattern) {
    return Args.text(pattern).toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8);
  }
}
