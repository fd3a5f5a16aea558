package io.managedkvs.raftkv.resp.command;

import static io.managedkvs.raftkv.resp.command.CommandSpecBuilder.command;

import io.managedkvs.raftkv.resp.backend.KvBackend;
import io.managedkvs.raftkv.resp.backend.KvEntry;
import io.managedkvs.raftkv.resp.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** SCAN, KEYS and DBSIZE: reads over ranges of the key space. */
final class ScanCommands {

  private static final byte[] FIRST_KEY = new byte[0];
  private static final Reply ZERO_CURSOR = Reply.bulk("0");

  private final KvBackend backend;
  private final KeyspaceWalker walker;
  private final ScanCursors cursors;

  ScanCommands(KvBackend backend, ScanCursors cursors) {
    this.backend = backend;
    this.walker = new KeyspaceWalker(backend);
    this.cursors = cursors;
  }

  List<CommandSpec> specs() {
    return List.of(
        command("scan", -2).flags("readonly random reads-keyspace").acl("@keyspace @read @slow")
            .docs("generic", "2.8.0", "O(1) for every call. O(N) for a complete iteration.",
                "Incrementally iterate the keys space").handler(this::scan),
        command("keys", 2).flags("readonly reads-keyspace").acl("@keyspace @read @slow @dangerous")
            .docs("generic", "1.0.0", "O(N) with N being the number of keys in the database.",
                "Find all keys matching the given pattern").handler(this::keys),
        command("dbsize", 1).flags("readonly fast reads-keyspace").acl("@keyspace @read @fast")
            .docs("server", "1.0.0", "O(N) on raft-kv: it counts the keys.",
                "Return the number of keys in the selected database")
            .handler((args, session) -> countKeys().thenApply(c -> Reply.integer(c[0]))));
  }

  /** Keys and keys with an expiry, by walking the whole key space. */
  CompletableFuture<long[]> countKeys() {
    long[] counts = new long[2];
    return walker.walk(FIRST_KEY, FIRST_KEY, page -> {
      counts[0] += page.size();
      for (KvEntry e : page) {
        counts[1] += e.ttlMs() > 0 ? 1 : 0;
      }
    }).thenApply(v -> counts);
  }

  private CompletableFuture<Reply> scan(List<byte[]> args, Session session) {
    byte[] start = start(args.get(1));
    GlobPattern match = GlobPattern.all();
    long count = 10;
    boolean anyType = true;
    for (int i = 2; i < args.size(); i += 2) {
      if (i + 1 >= args.size()) {
        throw new ReplyException(Errors.SYNTAX);
      }
      byte[] option = args.get(i);
      byte[] value = args.get(i + 1);
      if (Args.is(option, "COUNT")) {
        count = Args.parseLong(value);
        if (count < 1) {
          throw new ReplyException(Errors.SYNTAX);
        }
      } else if (Args.is(option, "MATCH")) {
        match = new GlobPattern(value);
      } else if (Args.is(option, "TYPE")) {
        anyType = Args.is(value, "string");
      } else {
        throw new ReplyException(Errors.SYNTAX);
      }
    }
    if (!anyType) {
      return CompletableFuture.completedFuture(new Reply.Array(List.of(ZERO_CURSOR, Reply.EMPTY_ARRAY)));
    }
    return scanPage(start, match, (int) Math.min(count, KeyspaceWalker.PAGE));
  }

  private CompletableFuture<Reply> scanPage(byte[] cursorKey, GlobPattern match, int count) {
    byte[] prefix = match.prefix();
    byte[] from = Arrays.compareUnsigned(cursorKey, prefix) >= 0 ? cursorKey : prefix;
    byte[] end = match.prefixEnd();
    return backend.scan(from, end, count, true).thenApply(entries -> {
      List<Reply> keys = new ArrayList<>(entries.size());
      for (KvEntry e : entries) {
        if (match.matches(e.key())) {
          keys.add(new Reply.Bulk(e.key()));
        }
      }
      Reply cursor = ZERO_CURSOR;
      if (entries.size() == count) {
        byte[] next = KeyspaceWalker.after(entries.get(entries.size() - 1).key());
        cursor = Reply.bulk(Long.toUnsignedString(cursors.register(next)));
      }
      return new Reply.Array(List.of(cursor, new Reply.Array(keys)));
    });
  }

  private byte[] start(byte[] cursorArg) {
    String text = new String(cursorArg, StandardCharsets.US_ASCII);
    long cursor;
    try {
      cursor = Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      throw new ReplyException(Errors.INVALID_CURSOR);
    }
    if (cursor == 0) {
      return FIRST_KEY;
    }
    byte[] key = cursors.resume(cursor);
    if (key == null) {
      throw new ReplyException(Errors.INVALID_CURSOR);
    }
    return key;
  }

  private CompletableFuture<Reply> keys(List<byte[]> args, Session session) {
    GlobPattern match = new GlobPattern(args.get(1));
    List<Reply> keys = new ArrayList<>();
    return walker.walk(match.prefix(), match.prefixEnd(), page -> {
      for (KvEntry e : page) {
        if (match.matches(e.key())) {
          keys.add(new Reply.Bulk(e.key()));
        }
      }
    }).thenApply(v -> new Reply.Array(keys));
  }
}
