package io.managedkvs.raftkv.resp.server;

import io.managedkvs.raftkv.resp.command.CommandSpec;
import io.managedkvs.raftkv.resp.command.KeyAccess;
import io.managedkvs.raftkv.resp.protocol.Reply;
import java.util.List;

/** One request of a connection, from arrival until its reply is written, in arrival order. */
final class PendingReply {

  final List<byte[]> args;
  final CommandSpec spec;
  final KeyAccess access;
  /** The protocol its reply is written in: what the connection spoke when it ran. */
  int protocol;
  Reply reply;
  /** Close the connection once this reply is written (QUIT, a protocol error). */
  boolean closeAfter;

  PendingReply(List<byte[]> args, CommandSpec spec, KeyAccess access, int protocol) {
    this.args = args;
    this.spec = spec;
    this.access = access;
    this.protocol = protocol;
  }

  static PendingReply answered(Reply reply, int protocol) {
    PendingReply p = new PendingReply(List.of(), null, KeyAccess.NONE, protocol);
    p.reply = reply;
    return p;
  }

  boolean done() {
    return reply != null;
  }
}
