package io.managedkvs.raftkv.resp.command;

import static io.managedkvs.raftkv.resp.command.CommandSpecBuilder.command;

import io.managedkvs.raftkv.resp.backend.KvBackend;
import io.managedkvs.raftkv.resp.backend.KvEntry;
import io.managedkvs.raftkv.resp.command.ReadModifyWrite.Decision;
import io.managedkvs.raftkv.resp.protocol.Reply;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/** Commands on keys whatever they hold: DEL, EXISTS, TYPE, and the expiry commands. */
final class KeyCommands {

  private static final Reply STRING = new Reply.Simple("string");
  private static final Reply NONE = new Reply.Simple("none");

  private final KvBackend backend;
  private final ReadModifyWrite rmw;
  private final LongSupplier clockMs;

  KeyCommands(KvBackend backend, ReadModifyWrite rmw, LongSupplier clockMs) {
    this.backend = backend;
    this.rmw = rmw;
    this.clockMs = clockMs;
  }

  List<CommandSpec> specs() {
    return List.of(
        command("del", -2).flags("write").keys(1, -1, 1).acl("@keyspace @write @slow")
            .docs("generic", "1.0.0", "O(N) where N is the number of keys that will be removed.", "Delete a key")
            .handler(this::del),
        command("unlink", -2).flags("write fast").keys(1, -1, 1).acl("@keyspace @write @fast")
            .docs("generic", "4.0.0", "O(1) for each key removed regardless of its size.",
                "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.")
            .handler(this::del),
        command("exists", -2).flags("readonly fast").keys(1, -1, 1).acl("@keyspace @read @fast")
            .docs("generic", "1.0.0", "O(N) where N is the number of keys to check.", "Determine if a key exists")
            .handler(this::exists),
        command("type", 2).flags("readonly fast").keys(1, 1, 1).acl("@keyspace @read @fast")
            .docs("generic", "1.0.0", "O(1)", "Determine the type stored at key")
            .handler((a, s) -> backend.get(a.get(1)).thenApply(e -> e == null ? NONE : STRING)),
        expire("expire", true, false, "1.0.0", "Set a key's time to live in seconds"),
        expire("pexpire", false, false, "2.6.0", "Set a key's time to live in milliseconds"),
        expire("expireat", true, true, "1.2.0", "Set the expiration for a key as a UNIX timestamp"),
        expire("pexpireat", false, true, "2.6.0",
            "Set the expiration for a key as a UNIX timestamp specified in milliseconds"),
        ttl("ttl", true, "1.0.0", "Get the time to live for a key in seconds"),
        ttl("pttl", false, "2.6.0", "Get the time to live for a key in milliseconds"),
        command("persist", 2).flags("write fast").keys(1, 1, 1).acl("@keyspace @write @fast")
            .docs("generic", "2.2.0", "O(1)", "Remove the expiration from a key").handler(this::persist));
  }

  private CommandSpec expire(String name, boolean seconds, boolean absolute, String since, String summary) {
    return command(name, -3).flags("write fast").keys(1, 1, 1).acl("@keyspace @write @fast")
        .docs("generic", since, "O(1)", summary)
        .handler((args, session) -> expire(args, seconds, absolute, name));
  }

  private CommandSpec ttl(String name, boolean seconds, String since, String summary) {
    return command(name, 2).flags("readonly random fast").keys(1, 1, 1).acl("@keyspace @read @fast")
        .docs("generic", since, "O(1)", summary)
        .handler((args, session) -> backend.get(args.get(1)).thenApply(e -> ttlReply(e, seconds)));
  }

  private static Reply ttlReply(KvEntry e, boolean seconds) {
    if (e == null) {
      return Reply.integer(-2);
    }
    if (e.ttlMs() == 0) {
      return Reply.integer(-1);
    }
    return Reply.integer(seconds ? (e.ttlMs() + 500) / 1000 : e.ttlMs());
  }

  private CompletableFuture<Reply> del(List<byte[]> args, Session session) {
    List<byte[]> keys = args.subList(1, args.size());
    if (keys.size() == 1) {
      return backend.delete(keys.get(0)).thenApply(deleted -> deleted ? Reply.ONE : Reply.ZERO);
    }
    @SuppressWarnings("unchecked")
    CompletableFuture<Boolean>[] deletes = new CompletableFuture[keys.size()];
    for (int i = 0; i < deletes.length; i++) {
      deletes[i] = backend.delete(keys.get(i));
    }
    return CompletableFuture.allOf(deletes).thenApply(v -> {
      long count = 0;
      for (CompletableFuture<Boolean> d : deletes) {
        count += d.join() ? 1 : 0;
      }
      return Reply.integer(count);
    });
  }

  private CompletableFuture<Reply> exists(List<byte[]> args, Session session) {
    return backend.batchGet(args.subList(1, args.size()))
        .thenApply(entries -> Reply.integer(entries.stream().filter(e -> e != null).count()));
  }

  private CompletableFuture<Reply> expire(List<byte[]> args, boolean seconds, boolean absolute, String name) {
    long amount = Args.parseLong(args.get(2));
    ExpireOptions options = ExpireOptions.parse(args, 3);
    if (seconds && (amount > Long.MAX_VALUE / 1000 || amount < Long.MIN_VALUE / 1000)) {
      throw new ReplyException(Errors.invalidExpire(name));
    }
    long ms = seconds ? amount * 1000 : amount;
    long ttlMs = absolute ? ms - clockMs.getAsLong() : ms;
    return rmw.update(args.get(1), current -> {
      if (current == null || !options.allows(current.ttlMs(), ttlMs)) {
        return Decision.reply(Reply.ZERO);
      }
      return ttlMs <= 0 ? Decision.delete(Reply.ONE) : Decision.write(current.value(), ttlMs, Reply.ONE);
    });
  }

  private CompletableFuture<Reply> persist(List<byte[]> args, Session session) {
    return rmw.update(args.get(1), current -> current == null || current.ttlMs() == 0
        ? Decision.reply(Reply.ZERO)
        : Decision.write(current.value(), 0, Reply.ONE));
  }
}
