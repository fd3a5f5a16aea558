package io.managedkvs.raftkv.resp.command;

import static io.managedkvs.raftkv.resp.command.CommandSpecBuilder.command;

import io.managedkvs.raftkv.resp.backend.CasCondition;
import io.managedkvs.raftkv.resp.backend.CasRequest;
import io.managedkvs.raftkv.resp.backend.KvBackend;
import io.managedkvs.raftkv.resp.backend.KvEntry;
import io.managedkvs.raftkv.resp.command.ReadModifyWrite.Decision;
import io.managedkvs.raftkv.resp.protocol.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The string commands: GET, SET and its variants, MGET, MSET, INCR and friends. */
final class StringCommands {

  private final KvBackend backend;
  private final ReadModifyWrite rmw;

  StringCommands(KvBackend backend, ReadModifyWrite rmw) {
    this.backend = backend;
    this.rmw = rmw;
  }

  List<CommandSpec> specs() {
    return List.of(
        command("get", 2).flags("readonly fast").keys(1, 1, 1).acl("@read @string @fast")
            .docs("string", "1.0.0", "O(1)", "Get the value of a key").handler(this::get),
        command("set", -3).flags("write denyoom").keys(1, 1, 1).acl("@write @string @slow")
            .docs("string", "1.0.0", "O(1)", "Set the string value of a key").handler(this::set),
        command("setnx", 3).flags("write denyoom fast").keys(1, 1, 1).acl("@write @string @fast")
            .docs("string", "1.0.0", "O(1)", "Set the value of a key, only if the key does not exist")
            .handler(this::setnx),
        command("setex", 4).flags("write denyoom").keys(1, 1, 1).acl("@write @string @slow")
            .docs("string", "2.0.0", "O(1)", "Set the value and expiration of a key")
            .handler((a, s) -> setWithTtl(a, true, "setex")),
        command("psetex", 4).flags("write denyoom").keys(1, 1, 1).acl("@write @string @slow")
            .docs("string", "2.6.0", "O(1)", "Set the value and expiration in milliseconds of a key")
            .handler((a, s) -> setWithTtl(a, false, "psetex")),
        command("getset", 3).flags("write denyoom fast").keys(1, 1, 1).acl("@write @string @fast")
            .docs("string", "1.0.0", "O(1)", "Set the string value of a key and return its old value")
            .handler((a, s) -> setKeeping(a.get(1), a.get(2), new SetOptions(false, false, true, false, 0))),
        command("getdel", 2).flags("write fast").keys(1, 1, 1).acl("@write @string @fast")
            .docs("string", "6.2.0", "O(1)", "Get the value of a key and delete the key").handler(this::getdel),
        command("strlen", 2).flags("readonly fast").keys(1, 1, 1).acl("@read @string @fast")
            .docs("string", "2.2.0", "O(1)", "Get the length of the value stored in a key")
            .handler((a, s) -> backend.get(a.get(1))
                .thenApply(e -> Reply.integer(e == null ? 0 : e.value().length))),
        command("append", 3).flags("write denyoom").keys(1, 1, 1).acl("@write @string @fast")
            .docs("string", "2.0.0", "O(1)", "Append a value to a key").handler(this::append),
        command("mget", -2).flags("readonly fast").keys(1, -1, 1).acl("@read @string @fast")
            .docs("string", "1.0.0", "O(N) where N is the number of keys to retrieve.",
                "Get the values of all the given keys").handler(this::mget),
        command("mset", -3).flags("write denyoom").keys(1, -1, 2).acl("@write @string @slow")
            .docs("string", "1.0.1", "O(N) where N is the number of keys to set.",
                "Set multiple keys to multiple values").handler(this::mset),
        counter("incr", 2, "Increment the integer value of a key by one", "1.0.0"),
        counter("decr", 2, "Decrement the integer value of a key by one", "1.0.0"),
        counter("incrby", 3, "Increment the integer value of a key by the given amount", "1.0.0"),
        counter("decrby", 3, "Decrement the integer value of a key by the given number", "1.0.0"));
  }

  private CommandSpec counter(String name, int arity, String summary, String since) {
    return command(name, arity).flags("write denyoom fast").keys(1, 1, 1).acl("@write @string @fast")
        .docs("string", since, "O(1)", summary).handler((args, session) -> {
          boolean decrement = name.startsWith("decr");
          long by = arity == 2 ? 1 : Args.parseLong(args.get(2));
          if (decrement && by == Long.MIN_VALUE) {
            throw new ReplyException(Errors.DECREMENT_OVERFLOW);
          }
          return increment(args.get(1), decrement ? -by : by);
        });
  }

  private CompletableFuture<Reply> get(List<byte[]> args, Session session) {
    return backend.get(args.get(1)).thenApply(e -> e == null ? Reply.NULL : new Reply.Bulk(e.value()));
  }

  private CompletableFuture<Reply> set(List<byte[]> args, Session session) {
    SetOptions o = SetOptions.parse(args, 3, "set");
    byte[] key = args.get(1);
    byte[] value = args.get(2);
    if (o.plain()) {
      return backend.put(key, value, o.ttlMs()).thenApply(v -> Reply.OK);
    }
    if (o.get() || o.keepTtl()) {
      return setKeeping(key, value, o);
    }
    CasCondition condition = o.nx() ? CasCondition.KEY_ABSENT : CasCondition.KEY_PRESENT;
    return backend.compareAndSwap(CasRequest.write(key, condition, null, value, o.ttlMs()))
        .thenApply(r -> r.succeeded() ? Reply.OK : Reply.NULL);
  }

  /** SET with GET or KEEPTTL: both need what the key holds now. */
  private CompletableFuture<Reply> setKeeping(byte[] key, byte[] value, SetOptions o) {
    return rmw.update(key, current -> {
      Reply old = current == null ? Reply.NULL : new Reply.Bulk(current.value());
      if ((o.nx() && current != null) || (o.xx() && current == null)) {
        return Decision.reply(o.get() ? old : Reply.NULL);
      }
      long ttl = o.keepTtl() && current != null ? current.ttlMs() : o.ttlMs();
      return Decision.write(value, ttl, o.get() ? old : Reply.OK);
    });
  }

  private CompletableFuture<Reply> setnx(List<byte[]> args, Session session) {
    return backend.compareAndSwap(CasRequest.write(args.get(1), CasCondition.KEY_ABSENT, null, args.get(2), 0))
        .thenApply(r -> r.succeeded() ? Reply.ONE : Reply.ZERO);
  }

  private CompletableFuture<Reply> setWithTtl(List<byte[]> args, boolean seconds, String command) {
    long ttlMs = SetOptions.ttlMs(args.get(2), seconds, command);
    return backend.put(args.get(1), args.get(3), ttlMs).thenApply(v -> Reply.OK);
  }

  private CompletableFuture<Reply> getdel(List<byte[]> args, Session session) {
    return rmw.update(args.get(1), current -> current == null
        ? Decision.reply(Reply.NULL)
        : Decision.delete(new Reply.Bulk(current.value())));
  }

  private CompletableFuture<Reply> append(List<byte[]> args, Session session) {
    byte[] suffix = args.get(2);
    return rmw.update(args.get(1), current -> {
      byte[] prefix = current == null ? new byte[0] : current.value();
      byte[] joined = new byte[prefix.length + suffix.length];
      System.arraycopy(prefix, 0, joined, 0, prefix.length);
      System.arraycopy(suffix, 0, joined, prefix.length, suffix.length);
      return Decision.write(joined, current == null ? 0 : current.ttlMs(), Reply.integer(joined.length));
    });
  }

  private CompletableFuture<Reply> mget(List<byte[]> args, Session session) {
    return backend.batchGet(args.subList(1, args.size())).thenApply(entries -> {
      List<Reply> values = new ArrayList<>(entries.size());
      for (KvEntry e : entries) {
        values.add(e == null ? Reply.NULL : new Reply.Bulk(e.value()));
      }
      return new Reply.Array(values);
    });
  }

  private CompletableFuture<Reply> mset(List<byte[]> args, Session session) {
    if (args.size() % 2 == 0) {
      throw new ReplyException(Errors.wrongArity("mset"));
    }
    List<KvEntry> entries = new ArrayList<>(args.size() / 2);
    for (int i = 1; i < args.size(); i += 2) {
      entries.add(new KvEntry(args.get(i), args.get(i + 1), 0));
    }
    return backend.batchPut(entries, 0).thenApply(v -> Reply.OK);
  }

  private CompletableFuture<Reply> increment(byte[] key, long by) {
    return rmw.update(key, current -> {
      long value = 0;
      if (current != null) {
        Long parsed = Args.tryParseLong(current.value());
        if (parsed == null) {
          throw new ReplyException(Errors.NOT_INTEGER);
        }
        value = parsed;
      }
      long next;
      try {
        next = Math.addExact(value, by);
      } catch (ArithmeticException e) {
        throw new ReplyException(Errors.OVERFLOW);
      }
      return Decision.write(Args.bytes(next), current == null ? 0 : current.ttlMs(), Reply.integer(next));
    });
  }
}
