package io.managedkvs.raftkv.resp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.raftkv.resp.backend.InMemoryKvBackend;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pipelined requests: replies in order, per-key order kept, reading paused when too many wait. */
class PipeliningTest {

  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);
  private RespServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    scheduler.shutdownNow();
  }

  /** Completes each answer after a random delay, so that answers overtake each other. */
  private Executor shuffling() {
    Random random = new Random(42);
    return task -> scheduler.schedule(task, random.nextInt(1000), TimeUnit.MICROSECONDS);
  }

  @Test
  void repliesFollowRequestOrderWhenTheStoreAnswersOutOfOrder() throws Exception {
    server = new RespServer(RespServerConfig.listen("127.0.0.1", 0),
        new InMemoryKvBackend(System::currentTimeMillis, shuffling())).start();
    int n = 1000;
    ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
    for (int i = 0; i < n; i++) {
      // Each GET must see the SET just before it, though other keys' answers come back in any order.
      pipeline.write(RawClient.command("SET", "k" + (i % 50), "v" + i));
      pipeline.write(RawClient.command("GET", "k" + (i % 50)));
      pipeline.write(RawClient.command("ECHO", "e" + i));
    }
    try (RawClient client = new RawClient(server.port())) {
      client.send(pipeline.toByteArray());
      for (int i = 0; i < n; i++) {
        String v = "v" + i;
        String e = "e" + i;
        assertThat(client.readReply()).isEqualTo("+OK\r\n");
        assertThat(client.readReply()).isEqualTo("$" + v.length() + "\r\n" + v + "\r\n");
        assertThat(client.readReply()).isEqualTo("$" + e.length() + "\r\n" + e + "\r\n");
      }
    }
  }

  @Test
  void helloAndQuitInAPipelineAffectOnlyWhatComesAfterThem() throws Exception {
    GatedBackend stalled = new GatedBackend(new InMemoryKvBackend());
    server = new RespServer(RespServerConfig.listen("127.0.0.1", 0), stalled).start();
    ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
    pipeline.write(RawClient.command("SET", "k", "v"));
    // These two wait for the SET: same key.
    pipeline.write(RawClient.command("DEL", "k"));
    pipeline.write(RawClient.command("GET", "k"));
    // Keyless: these run at once, while the three before are still pending.
    pipeline.write(RawClient.command("HELLO", "3"));
    pipeline.write(RawClient.command("QUIT"));
    pipeline.write(RawClient.command("GET", "k"));
    try (RawClient client = new RawClient(server.port())) {
      client.send(pipeline.toByteArray());
      while (stalled.calls() < 1) {
        Thread.sleep(10);
      }
      stalled.open();
      assertThat(client.readReply()).isEqualTo("+OK\r\n");
      assertThat(client.readReply()).isEqualTo(":1\r\n");
      assertThat(client.readReply()).as("sent before HELLO 3: a RESP2 null").isEqualTo("$-1\r\n");
      assertThat(client.readReply()).startsWith("%7\r\n");
      assertThat(client.readReply()).isEqualTo("+OK\r\n");
      assertThat(client.readByteOrEnd()).as("closed after QUIT, the GET after it dropped").isEqualTo(-1);
    }
    assertThat(stalled.calls()).isEqualTo(3);
  }

  @Test
  void aConnectionStopsBeingReadWhileTooManyRequestsAreUnanswered() throws Exception {
    int maxInFlight = 8;
    InMemoryKvBackend data = new InMemoryKvBackend();
    GatedBackend stalled = new GatedBackend(data);
    server = new RespServer(RespServerConfig.listen("127.0.0.1", 0).withMaxInFlightPerConnection(maxInFlight),
        stalled).start();
    int n = 8_000;
    for (int i = 0; i < n; i++) {
      data.put(("key" + i).getBytes(), ("value" + i).getBytes(), 0);
    }
    ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
    for (int i = 0; i < n; i++) {
      pipeline.write(RawClient.command("GET", "key" + i));
    }
    try (RawClient client = new RawClient(server.port())) {
      Thread sender = new Thread(() -> {
        try {
          client.send(pipeline.toByteArray());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      sender.start();
      int seen = awaitQuiet(stalled);
      // Beyond the limit, only what one socket read had already brought in (64 KiB at most).
      assertThat(seen).isGreaterThanOrEqualTo(maxInFlight).isLessThan(maxInFlight + 65536 / 20);
      stalled.open();
      for (int i = 0; i < n; i++) {
        String v = "value" + i;
        assertThat(client.readReply()).isEqualTo("$" + v.length() + "\r\n" + v + "\r\n");
      }
      sender.join();
      assertThat(stalled.calls()).isEqualTo(n);
    }
  }

  /** The number of calls once it has stopped growing for a while. */
  private static int awaitQuiet(GatedBackend backend) throws InterruptedException {
    int last = -1;
    int stable = 0;
    while (stable < 5) {
      Thread.sleep(100);
      int now = backend.calls();
      stable = now == last && now > 0 ? stable + 1 : 0;
      last = now;
    }
    return last;
  }
}
