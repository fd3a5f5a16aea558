package io.managedkvs.raftkv.resp.command;

import java.util.Arrays;
import java.util.List;

/** Reads like the command table of Redis: {@code command("get", 2).flags("readonly fast")...}. */
public final class CommandSpecBuilder {

  private final String name;
  private final int arity;
  private List<String> flags = List.of();
  private int firstKey;
  private int lastKey;
  private int step;
  private List<String> acl = List.of();
  private CommandSpec.Docs docs;

  private CommandSpecBuilder(String name, int arity) {
    this.name = name;
    this.arity = arity;
  }

  public static CommandSpecBuilder command(String name, int arity) {
    return new CommandSpecBuilder(name, arity);
  }

  /** Space-separated, as COMMAND INFO lists them. */
  public CommandSpecBuilder flags(String spaceSeparated) {
    this.flags = words(spaceSeparated);
    return this;
  }

  public CommandSpecBuilder keys(int first, int last, int step) {
    this.firstKey = first;
    this.lastKey = last;
    this.step = step;
    return this;
  }

  public CommandSpecBuilder acl(String spaceSeparated) {
    this.acl = words(spaceSeparated);
    return this;
  }

  public CommandSpecBuilder docs(String group, String since, String complexity, String summary) {
    this.docs = new CommandSpec.Docs(summary, since, group, complexity);
    return this;
  }

  public CommandSpec handler(CommandHandler handler) {
    return new CommandSpec(name, arity, flags, firstKey, lastKey, step, acl, docs, handler);
  }

  private static List<String> words(String spaceSeparated) {
    return spaceSeparated.isBlank() ? List.of() : Arrays.asList(spaceSeparated.trim().split(" +"));
  }
}
