package io.managedkvs.raftkv.resp.command;

import static io.managedkvs.raftkv.resp.command.CommandSpecBuilder.command;

import io.managedkvs.raftkv.resp.protocol.Reply;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/** TIME: this store's clock, seconds and microseconds. */
final class TimeCommand {

  private TimeCommand() {}

  static CommandSpec spec(LongSupplier clockMs) {
    return command("time", 1).flags("loading stale fast").acl("@fast")
        .docs("server", "2.6.0", "O(1)", "Return the current server time")
        .handler((args, session) -> {
          long ms = clockMs.getAsLong();
          return CompletableFuture.completedFuture(new Reply.Array(List.of(
              Reply.bulk(Long.toString(ms / 1000)), Reply.bulk(Long.toString((ms % 1000) * 1000)))));
        });
  }
}
