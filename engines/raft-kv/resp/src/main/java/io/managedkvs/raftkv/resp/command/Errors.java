package io.managedkvs.raftkv.resp.command;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Redis's error texts, byte for byte: clients and tools match on them. */
public final class Errors {

  public static final String SYNTAX = "ERR syntax error";
  public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
  public static final String OVERFLOW = "ERR increment or decrement would overflow";
  public static final String DECREMENT_OVERFLOW = "ERR decrement would overflow";
  public static final String NOAUTH = "NOAUTH Authentication required.";
  public static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
  public static final String NO_PASSWORD = "ERR AUTH <password> called without any password configured for the "
      + "default user. Are you sure your configuration is correct?";
  public static final String HELLO_NOAUTH = "NOAUTH HELLO must be called with the client already authenticated, "
      + "otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP "
      + "protocol version at the same time";
  public static final String NOPROTO = "NOPROTO unsupported protocol version";
  public static final String DB_OUT_OF_RANGE = "ERR DB index is out of range";
  public static final String INVALID_CURSOR = "ERR invalid cursor";

  private Errors() {}

  public static String wrongArity(String command) {
    return "ERR wrong number of arguments for '" + command + "' command";
  }

  public static String invalidExpire(String command) {
    return "ERR invalid expire time in '" + command + "' command";
  }

  public static String unknownSubcommand(String subcommand, String command) {
    return "ERR unknown subcommand '" + subcommand + "'. Try " + command + " HELP.";
  }

  /** Redis quotes each argument, each followed by a space, until the list passes 128 characters. */
  public static String unknownCommand(List<byte[]> args) {
    StringBuilder quoted = new StringBuilder();
    for (int i = 1; i < args.size() && quoted.length() < 128; i++) {
      String arg = new String(args.get(i), StandardCharsets.UTF_8);
      int room = 128 - quoted.length();
      quoted.append('\'').append(arg, 0, Math.min(arg.length(), room)).append("' ");
    }
    String name = new String(args.get(0), StandardCharsets.UTF_8);
    return "ERR unknown command '" + name.substring(0, Math.min(name.length(), 128))
        + "', with args beginning with: " + quoted;
  }
}
