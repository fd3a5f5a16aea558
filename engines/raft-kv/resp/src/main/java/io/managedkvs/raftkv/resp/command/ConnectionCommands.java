package io.managedkvs.raftkv.resp.command;

import static io.managedkvs.raftkv.resp.command.CommandSpecBuilder.command;

import io.managedkvs.raftkv.resp.protocol.Reply;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Commands about the connection itself: PING, ECHO, AUTH, HELLO, SELECT, CLIENT, QUIT. */
final class ConnectionCommands {

  private final byte[] password;

  /** @param password what AUTH must present; {@code null} when none is required */
  ConnectionCommands(byte[] password) {
    this.password = password;
  }

  List<CommandSpec> specs() {
    return List.of(
        command("ping", -1).flags("fast").acl("@fast @connection")
            .docs("connection", "1.0.0", "O(1)", "Ping the server").handler(ConnectionCommands::ping),
        command("echo", 2).flags("fast").acl("@fast @connection")
            .docs("connection", "1.0.0", "O(1)", "Echo the given string")
            .handler((a, s) -> done(new Reply.Bulk(a.get(1)))),
        command("auth", -2).flags("noscript loading stale fast no-auth allow-busy").acl("@fast @connection")
            .docs("connection", "1.0.0", "O(N) where N is the number of passwords defined for the user",
                "Authenticate to the server").handler(this::auth),
        command("hello", -1).flags("noscript loading stale fast no-auth allow-busy").acl("@fast @connection")
            .docs("connection", "6.0.0", "O(1)", "Handshake with Redis").handler(this::hello),
        command("select", 2).flags("loading stale fast").acl("@fast @connection")
            .docs("connection", "1.0.0", "O(1)", "Change the selected database for the current connection")
            .handler(ConnectionCommands::select),
        command("client", -2).flags("").acl("@slow")
            .docs("connection", "2.4.0", "Depends on subcommand.", "A container for client connection commands")
            .handler(ConnectionCommands::client),
        command("quit", -1).flags("allow-busy noscript loading stale fast no-auth").acl("@fast @connection")
            .docs("connection", "1.0.0", "O(1)", "Close the connection").handler((a, s) -> {
              s.close();
              return done(Reply.OK);
            }));
  }

  private static CompletableFuture<Reply> done(Reply reply) {
    return CompletableFuture.completedFuture(reply);
  }

  private static CompletableFuture<Reply> ping(List<byte[]> args, Session session) {
    if (args.size() > 2) {
      throw new ReplyException(Errors.wrongArity("ping"));
    }
    return done(args.size() == 1 ? Reply.PONG : new Reply.Bulk(args.get(1)));
  }

  private CompletableFuture<Reply> auth(List<byte[]> args, Session session) {
    if (args.size() > 3) {
      throw new ReplyException(Errors.SYNTAX);
    }
    if (args.size() == 2 && password == null) {
      throw new ReplyException(Errors.NO_PASSWORD);
    }
    byte[] user = args.size() == 3 ? args.get(1) : null;
    authenticate(session, user, args.get(args.size() - 1));
    return done(Reply.OK);
  }

  /** Only the default user exists; without a password it accepts anything, as Redis's nopass. */
  private void authenticate(Session session, byte[] user, byte[] presented) {
    boolean userOk = user == null || Args.text(user).equals("default");
    boolean passwordOk = password == null || MessageDigest.isEqual(password, presented);
    if (!userOk || !passwordOk) {
      throw new ReplyException(Errors.WRONGPASS);
    }
    session.authenticate();
  }

  private CompletableFuture<Reply> hello(List<byte[]> args, Session session) {
    int version = session.protocol();
    int next = 1;
    if (args.size() >= 2) {
      Long v = Args.tryParseLong(args.get(next++));
      if (v == null) {
        throw new ReplyException("ERR Protocol version is not an integer or out of range");
      }
      if (v < 2 || v > 3) {
        throw new ReplyException(Errors.NOPROTO);
      }
      version = v.intValue();
    }
    byte[][] credentials = null;
    for (int j = next; j < args.size(); j++) {
      int more = args.size() - 1 - j;
      if (Args.is(args.get(j), "AUTH") && more >= 2) {
        credentials = new byte[][] {args.get(j + 1), args.get(j + 2)};
        j += 2;
      } else if (Args.is(args.get(j), "SETNAME") && more >= 1) {
        // Redis 7.0 names the client as it parses, even when a later option is refused.
        session.name(clientName(args.get(++j)));
      } else {
        throw new ReplyException("ERR Syntax error in HELLO option '" + Args.text(args.get(j)) + "'");
      }
    }
    if (credentials != null) {
      authenticate(session, credentials[0], credentials[1]);
    }
    if (!session.authenticated()) {
      throw new ReplyException(Errors.HELLO_NOAUTH);
    }
    session.protocol(version);
    return done(new Reply.Map(List.of(
        Reply.bulk("server"), Reply.bulk("redis"),
        Reply.bulk("version"), Reply.bulk(ServerIdentity.REDIS_VERSION),
        Reply.bulk("proto"), Reply.integer(version),
        Reply.bulk("id"), Reply.integer(session.id()),
        Reply.bulk("mode"), Reply.bulk("standalone"),
        Reply.bulk("role"), Reply.bulk("master"),
        Reply.bulk("modules"), Reply.EMPTY_ARRAY)));
  }

  private static CompletableFuture<Reply> select(List<byte[]> args, Session session) {
    if (Args.parseLong(args.get(1)) != 0) {
      throw new ReplyException(Errors.DB_OUT_OF_RANGE);
    }
    return done(Reply.OK);
  }

  private static CompletableFuture<Reply> client(List<byte[]> args, Session session) {
    byte[] sub = args.get(1);
    if (Args.is(sub, "SETNAME")) {
      arity(args, 3, "setname");
      session.name(clientName(args.get(2)));
      return done(Reply.OK);
    }
    if (Args.is(sub, "GETNAME")) {
      arity(args, 2, "getname");
      return done(session.name().isEmpty() ? Reply.NULL : Reply.bulk(session.name()));
    }
    if (Args.is(sub, "ID")) {
      arity(args, 2, "id");
      return done(Reply.integer(session.id()));
    }
    if (Args.is(sub, "SETINFO")) {
      arity(args, 4, "setinfo");
      return done(setInfo(session, args.get(2), args.get(3)));
    }
    throw new ReplyException(Errors.unknownSubcommand(Args.text(sub), "CLIENT"));
  }

  private static Reply setInfo(Session session, byte[] attribute, byte[] value) {
    String text = Args.text(value);
    boolean isName = Args.is(attribute, "LIB-NAME");
    if (!isName && !Args.is(attribute, "LIB-VER")) {
      throw new ReplyException("ERR Unrecognized option '" + Args.text(attribute) + "'");
    }
    if (!printable(text)) {
      throw new ReplyException("ERR " + (isName ? "lib-name" : "lib-ver")
          + " cannot contain spaces, newlines or special characters.");
    }
    session.lib(isName ? text : session.libName(), isName ? session.libVersion() : text);
    return Reply.OK;
  }

  private static void arity(List<byte[]> args, int expected, String sub) {
    if (args.size() != expected) {
      throw new ReplyException(Errors.wrongArity("client|" + sub));
    }
  }

  private static String clientName(byte[] name) {
    String text = Args.text(name);
    if (!printable(text)) {
      throw new ReplyException("ERR Client names cannot contain spaces, newlines or special characters.");
    }
    return text;
  }

  private static boolean printable(String text) {
    return text.chars().allMatch(c -> c > ' ' && c <= '~');
  }
}
