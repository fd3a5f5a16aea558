package io.managedkvs.raftkv.resp.command;

import io.managedkvs.raftkv.resp.backend.CasCondition;
import io.managedkvs.raftkv.resp.backend.CasRequest;
import io.managedkvs.raftkv.resp.backend.KvBackend;
import io.managedkvs.raftkv.resp.backend.KvBackendException;
import io.managedkvs.raftkv.resp.backend.KvEntry;
import io.managedkvs.raftkv.resp.protocol.Reply;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Commands that read a key and write something computed from it (INCR, EXPIRE, SET ... KEEPTTL):
 * read, decide, then compare-and-swap against the value read; if another writer got there
 * first, read again. Atomic on the store like Redis's single thread is on its memory.
 */
final class ReadModifyWrite {

  /** What to do with the key, and what to answer once done. */
  record Decision(Kind kind, byte[] value, long ttlMs, Reply reply) {
    enum Kind { NOTHING, WRITE, DELETE }

    static Decision reply(Reply reply) {
      return new Decision(Kind.NOTHING, null, 0, reply);
    }

    static Decision write(byte[] value, long ttlMs, Reply reply) {
      return new Decision(Kind.WRITE, value, ttlMs, reply);
    }

    static Decision delete(Reply reply) {
      return new Decision(Kind.DELETE, null, 0, reply);
    }
  }

  /** Enough for any realistic contention; a bound so that a livelock ends in an error. */
  private static final int MAX_ATTEMPTS = 1000;

  private final KvBackend backend;
  private final KeySerializer serializer = new KeySerializer();

  ReadModifyWrite(KvBackend backend) {
    this.backend = backend;
  }

  /** {@code decide} gets the live entry or {@code null}; it may throw {@link ReplyException}. */
  CompletableFuture<Reply> update(byte[] key, Function<KvEntry, Decision> decide) {
    return serializer.run(key, () -> attempt(key, decide, 1));
  }

  private CompletableFuture<Reply> attempt(byte[] key, Function<KvEntry, Decision> decide, int attempt) {
    return backend.get(key).thenCompose(current -> {
      Decision d = decide.apply(current);
      if (d.kind() == Decision.Kind.NOTHING) {
        return CompletableFuture.completedFuture(d.reply());
      }
      if (d.kind() == Decision.Kind.DELETE && current == null) {
        return CompletableFuture.completedFuture(d.reply());
      }
      CasRequest cas = d.kind() == Decision.Kind.DELETE
          ? CasRequest.delete(key, current.value())
          : current == null
              ? CasRequest.write(key, CasCondition.KEY_ABSENT, null, d.value(), d.ttlMs())
              : CasRequest.write(key, CasCondition.VALUE_EQUALS, current.value(), d.value(), d.ttlMs());
      return backend.compareAndSwap(cas).thenCompose(result -> {
        if (result.succeeded()) {
          return CompletableFuture.completedFuture(d.reply());
        }
        if (attempt >= MAX_ATTEMPTS) {
          throw new KvBackendException("too much contention on the key, try again");
        }
        return attempt(key, decide, attempt + 1);
      });
    });
  }
}
