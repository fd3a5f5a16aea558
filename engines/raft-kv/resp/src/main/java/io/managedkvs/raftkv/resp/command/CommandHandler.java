package io.managedkvs.raftkv.resp.command;

import io.managedkvs.raftkv.resp.protocol.Reply;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one command. Called on the connection's event loop: it must not block, and returns at once
 * (a completed future for what needs no store). It may throw {@link ReplyException}.
 */
@FunctionalInterface
public interface CommandHandler {
  CompletableFuture<Reply> execute(List<byte[]> args, Session session);
}
