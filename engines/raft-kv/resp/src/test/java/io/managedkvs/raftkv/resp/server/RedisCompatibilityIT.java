package io.managedkvs.raftkv.resp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.raftkv.resp.backend.InMemoryKvBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same commands against a real redis-server and against the front end: every reply must be
 * the same bytes. Covers the replies and error texts clients and tools match on; leaves out what
 * differs by nature (HELLO's version and id, INFO, key order, SELECT of a database other than 0).
 */
class RedisCompatibilityIT {

  private static final List<String> SCRIPT = List.of(
      "GET a", "SET a 1", "GET a", "SET a 2 NX", "SET a 2 XX", "GET a", "SET b x NX GET", "SET a 3 GET",
      "SET a 4 XX GET", "SET nope 4 XX GET", "SET a x EX", "SET a x EX 0", "SET a x EX -1", "SET a x EX abc",
      "SET a x PX 0", "SET a x NX XX", "SET a x EX 10 PX 10", "SET a x EX 100 KEEPTTL", "SET a x FOO",
      "SET a y EX 100", "TTL a", "SET a z KEEPTTL", "TTL a", "GET a", "PERSIST a", "TTL a", "PERSIST a",
      "PERSIST nope", "EXPIRE a 100", "TTL a", "EXPIRE a 100 NX", "EXPIRE a 200 XX", "TTL a", "EXPIRE a 50 GT",
      "EXPIRE a 300 GT", "TTL a", "EXPIRE a 30 LT", "TTL a", "EXPIRE a 0 NX XX", "EXPIRE a 1 GT LT", "EXPIRE a abc",
      "EXPIRE a 100 FOO", "EXPIRE nope 100", "PEXPIRE a 0", "EXISTS a", "TTL nope", "PTTL nope", "SET n 10",
      "INCR n", "INCRBY n 5", "DECR n", "DECRBY n 3", "INCRBY n abc", "INCRBY n 01", "INCRBY n -0", "INCR fresh",
      "SET s hello", "INCR s", "SET s ' 1'", "INCR s", "SET n 9223372036854775807", "INCR n",
      "DECRBY n -9223372036854775808", "SET m -9223372036854775808", "DECR m", "INCRBY m -1", "GET n", "MSET a",
      "MSET a 1 b 2 c", "MSET a 1 b 2 c 3", "MGET a b nope c", "EXISTS a a nope b", "DEL a a nope b",
      "EXISTS a b", "SETNX c 9", "SETNX d 9", "GETSET d 10", "GETDEL d", "GETDEL d", "STRLEN c", "STRLEN nope",
      "APPEND c 45", "GET c", "APPEND fresh2 x", "TYPE c", "TYPE nope", "SETEX e 100 v", "TTL e", "SETEX e 0 v",
      "PSETEX e abc v", "PSETEX e 100000 w", "GET e", "PING", "PING hi", "PING a b", "ECHO hello", "ECHO",
      "SELECT 0", "SELECT x", "AUTH x", "AUTH a b", "AUTH a b c", "foo", "foo a bb", "get", "GET a b",
      "HELLO 4", "HELLO x", "HELLO 3 xyz", "HELLO 2 AUTH x", "CLIENT SETNAME ab", "CLIENT GETNAME",
      "CLIENT SETNAME", "CLIENT FOO", "CONFIG GET save", "CONFIG GET appendonly", "CONFIG GET nothing-like-this",
      "SCAN abc", "SCAN 0 COUNT 0", "SCAN 0 COUNT x", "SCAN 0 FOO", "SCAN 0 TYPE", "SCAN 0 TYPE hash",
      "SCAN 0 MATCH c* COUNT 1000", "SCAN 0 MATCH [c]* COUNT 1000", "KEYS c*", "DBSIZE", "UNLINK c",
      "DBSIZE", "PEXPIRE s 100000", "TTL s",
      // RESP3 from here on: nulls, maps and sets change shape.
      "HELLO 3 SETNAME x y", "GET nope", "MGET s nope", "CONFIG GET save", "SCAN 0 MATCH s", "SET s2 x NX GET",
      "SET nope2 x XX", "TTL nope", "CLIENT GETNAME", "HELLO 2 SETNAME x", "GET nope", "QUIT");

  @TempDir
  static Path dir;

  private static RedisServerProcess redis;
  private static RespServer ours;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServerProcess.start(dir);
    ours = new RespServer(RespServerConfig.listen("127.0.0.1", 0), new InMemoryKvBackend()).start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (ours != null) {
      ours.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void everyReplyIsTheSameBytesAsRedis() throws Exception {
    List<String> differences = new ArrayList<>();
    try (RawClient theirs = new RawClient(redis.port()); RawClient mine = new RawClient(ours.port())) {
      for (String line : SCRIPT) {
        String[] args = split(line);
        String expected = theirs.call(args);
        String actual;
        try {
          actual = mine.call(args);
        } catch (java.io.IOException e) {
          throw new AssertionError("after " + line + ": " + e.getMessage() + "\n" + String.join("\n", differences), e);
        }
        if (!normalized(expected).equals(normalized(actual))) {
          differences.add(line + "\n   redis: " + printable(expected) + "\n   ours:  " + printable(actual));
        }
      }
      assertThat(theirs.readByteOrEnd()).as("redis closes after QUIT").isEqualTo(-1);
      assertThat(mine.readByteOrEnd()).as("ours closes after QUIT").isEqualTo(-1);
    }
    assertThat(differences).as(String.join("\n", differences)).isEmpty();
  }

  /** Words split on spaces; a word in single quotes keeps its spaces. */
  private static String[] split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    for (char c : line.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
      } else if (c == ' ' && !quoted) {
        words.add(word.toString());
        word.setLength(0);
      } else {
        word.append(c);
      }
    }
    words.add(word.toString());
    return words.toArray(String[]::new);
  }

  /** HELLO names the server's version and the connection's id: those differ by nature. */
  private static String normalized(String reply) {
    return reply.replaceAll("version\r\n\\$\\d+\r\n[0-9.]+\r\n", "version\r\n<version>\r\n")
        .replaceAll("id\r\n:\\d+\r\n", "id\r\n<id>\r\n");
  }

  private static String printable(String reply) {
    return reply.replace("\r", "\\r").replace("\n", "\\n");
  }
}
