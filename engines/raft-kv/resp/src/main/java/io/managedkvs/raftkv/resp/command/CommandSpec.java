package io.managedkvs.raftkv.resp.command;

import java.util.ArrayList;
import java.util.List;

/**
 * A command as COMMAND INFO and COMMAND DOCS describe it, and its handler. {@code arity} counts
 * the name: positive means exactly, negative at least. Keys sit at {@code firstKey..lastKey} every
 * {@code step} arguments ({@code lastKey} -1: up to the last argument).
 */
public record CommandSpec(
    String name,
    int arity,
    List<String> flags,
    int firstKey,
    int lastKey,
    int step,
    List<String> aclCategories,
    Docs docs,
    CommandHandler handler) {

  /** What COMMAND DOCS says of a command. */
  public record Docs(String summary, String since, String group, String complexity) {}

  public boolean arityMatches(int argc) {
    return arity >= 0 ? argc == arity : argc >= -arity;
  }

  public boolean writes() {
    return flags.contains("write");
  }

  /** No-auth commands run before AUTH (AUTH itself, HELLO, QUIT). */
  public boolean allowedBeforeAuth() {
    return flags.contains("no-auth");
  }

  public KeyAccess access(List<byte[]> args) {
    if (flags.contains("reads-keyspace")) {
      return new KeyAccess(List.of(), false, true);
    }
    if (firstKey == 0) {
      return KeyAccess.NONE;
    }
    int last = lastKey < 0 ? args.size() + lastKey : lastKey;
    List<byte[]> keys = new ArrayList<>((last - firstKey) / step + 1);
    for (int i = firstKey; i <= last && i < args.size(); i += step) {
      keys.add(args.get(i));
    }
    return new KeyAccess(keys, writes(), false);
  }

  /** The flags Redis publishes (our internal ones left out). */
  public List<String> publicFlags() {
    return flags.stream().filter(f -> !f.equals("reads-keyspace")).toList();
  }
}
