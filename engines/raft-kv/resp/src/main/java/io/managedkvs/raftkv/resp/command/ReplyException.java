package io.managedkvs.raftkv.resp.command;

import io.managedkvs.raftkv.resp.protocol.Reply;

/** Ends a command early with an error reply (bad argument, wrong option); no stack trace. */
public final class ReplyException extends RuntimeException {

  private final Reply.Error reply;

  public ReplyException(String text) {
    super(text, null, false, false);
    this.reply = (Reply.Error) Reply.error(text);
  }

  public Reply.Error reply() {
    return reply;
  }
}
