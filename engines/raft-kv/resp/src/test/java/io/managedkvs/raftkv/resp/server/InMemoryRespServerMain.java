package io.managedkvs.raftkv.resp.server;

import io.managedkvs.raftkv.resp.backend.InMemoryKvBackend;
import java.util.concurrent.CountDownLatch;

/**
 * The front end over the in-memory backend as a process, for redis-cli by hand and for the
 * benchmark script (bench/resp/run.sh): {@code InMemoryRespServerMain PORT [IO_THREADS [async]]}.
 */
public final class InMemoryRespServerMain {

  private InMemoryRespServerMain() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : RespServerConfig.DEFAULT_PORT;
    int ioThreads = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    // A third argument "async" completes answers on other threads, as a remote store's client does.
    boolean async = args.length > 2 && args[2].equals("async");
    java.util.concurrent.ExecutorService completer = java.util.concurrent.Executors.newFixedThreadPool(2);
    InMemoryKvBackend backend = async
        ? new InMemoryKvBackend(System::currentTimeMillis, completer)
        : new InMemoryKvBackend();
    RespServer server = new RespServer(RespServerConfig.listen("127.0.0.1", port).withIoThreads(ioThreads),
        backend).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      completer.shutdownNow();
      stopped.countDown();
    }));
    System.out.println("listening on " + server.port());
    stopped.await();
  }
}
