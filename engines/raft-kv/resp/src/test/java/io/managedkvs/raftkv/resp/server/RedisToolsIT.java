package io.managedkvs.raftkv.resp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.raftkv.resp.backend.InMemoryKvBackend;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** redis-cli and redis-benchmark, the real tools, against the front end. */
class RedisToolsIT {

  @TempDir
  static Path dir;

  private static RespServer server;

  @BeforeAll
  static void start() throws Exception {
    // A missing tool fails the suite rather than skipping it: a skipped test would look green.
    assertThat(RedisServerProcess.onPath("redis-cli") && RedisServerProcess.onPath("redis-benchmark"))
        .as("redis-cli and redis-benchmark on the PATH (apt-get install redis-tools; .ci/run installs it)").isTrue();
    server = new RespServer(RespServerConfig.listen("127.0.0.1", 0), new InMemoryKvBackend()).start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void redisCliReadsAndWritesInBothProtocols() throws Exception {
    assertThat(cli("PING")).isEqualTo("PONG\n");
    assertThat(cli("SET", "cli:greeting", "hello world")).isEqualTo("OK\n");
    assertThat(cli("GET", "cli:greeting")).isEqualTo("hello world\n");
    assertThat(cli("-3", "GET", "cli:greeting")).isEqualTo("hello world\n");
    assertThat(cli("-3", "HELLO", "3")).contains("proto 3\n");
    assertThat(cli("INCRBY", "cli:n", "5")).isEqualTo("5\n");
    assertThat(cli("MSET", "cli:a", "1", "cli:b", "2")).isEqualTo("OK\n");
    List<String> mset = new ArrayList<>(List.of("MSET"));
    List<String> expected = new ArrayList<>(List.of("cli:a", "cli:b", "cli:greeting", "cli:n"));
    for (int i = 0; i < 40; i++) {
      mset.addAll(List.of("cli:k" + i, "v"));
      expected.add("cli:k" + i);
    }
    assertThat(cli(mset.toArray(String[]::new))).isEqualTo("OK\n");
    // 44 keys: redis-cli follows the cursor over several pages of 10.
    assertThat(cli("--scan", "--pattern", "cli:*").lines().toList()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(cli("INFO", "server")).contains("redis_version:7.0.0").contains("tcp_port:" + server.port());
    assertThat(cli("NOPE", "x")).isEqualTo("ERR unknown command 'NOPE', with args beginning with: 'x' \n\n");
  }

  @Test
  void redisBenchmarkRunsSetAndGetPlainAndPipelined() throws Exception {
    for (String pipeline : List.of("1", "16")) {
      String out = run(List.of("redis-benchmark", "-h", "127.0.0.1", "-p", Integer.toString(server.port()),
          "-t", "set,get", "-n", "5000", "-c", "10", "-P", pipeline, "-q"));
      String last = out.substring(out.lastIndexOf('\r') + 1);
      assertThat(out).doesNotContainIgnoringCase("error");
      assertThat(out).contains("SET: ").contains("GET: ");
      assertThat(last).contains("requests per second");
    }
    // Without -r, redis-benchmark writes 3 bytes under one fixed key.
    assertThat(cli("STRLEN", "key:__rand_int__")).isEqualTo("3\n");
  }

  private static String cli(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p",
        Integer.toString(server.port())));
    command.addAll(List.of(args));
    return run(command);
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    File out = Files.createTempFile(dir, "tool", ".out").toFile();
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out).start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finishes", command).isTrue();
    } finally {
      p.destroyForcibly();
    }
    return Files.readString(out.toPath(), StandardCharsets.UTF_8);
  }
}
