package io.managedkvs.raftkv.resp.command;

import static io.managedkvs.raftkv.resp.command.CommandSpecBuilder.command;

import io.managedkvs.raftkv.resp.protocol.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** COMMAND, COMMAND COUNT/INFO/DOCS/LIST: what redis-cli and client libraries ask of the table. */
final class CommandCommand {

  private final CommandTable table;

  CommandCommand(CommandTable table) {
    this.table = table;
  }

  CommandSpec spec() {
    return command("command", -1).flags("loading stale").acl("@slow @connection")
        .docs("server", "2.8.13", "O(N) where N is the total number of Redis commands",
            "Get array of Redis command details").handler(this::run);
  }

  private CompletableFuture<Reply> run(List<byte[]> args, Session session) {
    if (args.size() == 1) {
      return done(new Reply.Array(table.all().stream().map(CommandCommand::info).toList()));
    }
    byte[] sub = args.get(1);
    List<byte[]> names = args.subList(2, args.size());
    if (Args.is(sub, "COUNT") && names.isEmpty()) {
      return done(Reply.integer(table.all().size()));
    }
    if (Args.is(sub, "LIST") && names.isEmpty()) {
      return done(new Reply.Array(table.all().stream().map(c -> Reply.bulk(c.name())).toList()));
    }
    if (Args.is(sub, "INFO")) {
      List<CommandSpec> specs = names.isEmpty() ? List.copyOf(table.all()) : null;
      List<Reply> out = new ArrayList<>();
      if (specs != null) {
        specs.forEach(c -> out.add(info(c)));
      } else {
        names.forEach(n -> out.add(table.lookup(n) == null ? Reply.NULL : info(table.lookup(n))));
      }
      return done(new Reply.Array(out));
    }
    if (Args.is(sub, "DOCS")) {
      List<Reply> out = new ArrayList<>();
      List<CommandSpec> specs = names.isEmpty() ? List.copyOf(table.all())
          : names.stream().map(table::lookup).filter(c -> c != null).toList();
      for (CommandSpec c : specs) {
        out.add(Reply.bulk(c.name()));
        out.add(docs(c.docs()));
      }
      return done(new Reply.Map(out));
    }
    if (Args.is(sub, "COUNT") || Args.is(sub, "LIST")) {
      throw new ReplyException(Errors.wrongArity("command|" + Args.text(sub).toLowerCase(java.util.Locale.ROOT)));
    }
    throw new ReplyException(Errors.unknownSubcommand(Args.text(sub), "COMMAND"));
  }

  private static Reply info(CommandSpec c) {
    return new Reply.Array(List.of(
        Reply.bulk(c.name()),
        Reply.integer(c.arity()),
        new Reply.Set(c.publicFlags().stream().map(f -> (Reply) new Reply.Simple(f)).toList()),
        Reply.integer(c.firstKey()),
        Reply.integer(c.lastKey()),
        Reply.integer(c.step()),
        new Reply.Set(c.aclCategories().stream().map(f -> (Reply) new Reply.Simple(f)).toList()),
        new Reply.Set(List.of()),
        new Reply.Set(List.of()),
        new Reply.Set(List.of())));
  }

  private static Reply docs(CommandSpec.Docs d) {
    return new Reply.Map(List.of(
        Reply.bulk("summary"), Reply.bulk(d.summary()),
        Reply.bulk("since"), Reply.bulk(d.since()),
        Reply.bulk("group"), Reply.bulk(d.group()),
        Reply.bulk("complexity"), Reply.bulk(d.complexity())));
  }

  private static CompletableFuture<Reply> done(Reply reply) {
    return CompletableFuture.completedFuture(reply);
  }
}
