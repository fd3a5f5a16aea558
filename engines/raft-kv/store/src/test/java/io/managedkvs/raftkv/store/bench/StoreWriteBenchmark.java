package io.managedkvs.raftkv.store.bench;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.managedkvs.raftkv.proto.kv.Context;
import io.managedkvs.raftkv.proto.kv.KvGrpc;
import io.managedkvs.raftkv.proto.kv.PutRequest;
import io.managedkvs.raftkv.proto.kv.PutResponse;
import io.grpc.stub.StreamObserver;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.meta.RegionEpoch;
import io.managedkvs.raftkv.store.engine.ColumnFamily;
import io.managedkvs.raftkv.store.engine.EngineBatch;
import io.managedkvs.raftkv.store.engine.RocksEngine;
import io.managedkvs.raftkv.store.kv.KvService;
import io.managedkvs.raftkv.store.kv.ReadPool;
import io.managedkvs.raftkv.store.metrics.StoreMetrics;
import io.managedkvs.raftkv.store.raftstore.RaftStore;
import io.managedkvs.raftkv.store.raftstore.RaftStoreConfig;
import io.managedkvs.raftkv.store.server.CallExecutors;
import io.managedkvs.raftkv.store.transport.RaftClient;
import io.managedkvs.raftkv.store.transport.StoreAddresses;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes per second of one store node against the group-commit limit of its own RocksDB, in one
 * run on one disk: first N threads each write a one-put batch with fsync straight into a RocksDB
 * (RocksDB groups concurrent synced writers: the most a store could get from this disk), then N
 * concurrent writers (asynchronous calls, each starting the next when answered) send Put over gRPC to a store node serving a one-replica region on a fresh RocksDB
 * (proposal, Raft log append, fsync, apply, answer). Prints both rates and their ratio.
 *
 * <p>Usage: {@code StoreWriteBenchmark [writers] [seconds] [dir] [warm-up seconds]}, defaults 64, 15, a
 * temp dir, 5 (a longer warm-up keeps the JIT out of the window on a loaded machine).
 */
public final class StoreWriteBenchmark {

    private static final int VALUE_BYTES = 100;
    private static final int DEFAULT_WARM_UP_SECONDS = 5;

    private StoreWriteBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int writers = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("store-bench");
        long warmUpMs = (args.length > 3 ? Integer.parseInt(args[3]) : DEFAULT_WARM_UP_SECONDS) * 1_000L;
        double limit = rocksGroupCommit(dir.resolve("rocks"), writers, seconds, warmUpMs);
        double store = storeWrites(dir.resolve("store"), writers, seconds, warmUpMs);
        System.out.printf("writers=%d seconds=%d%n", writers, seconds);
        System.out.printf("rocksdb group commit (1-put batch + fsync per writer): %.0f writes/s%n", limit);
        System.out.printf("store node Put over gRPC (Raft append + fsync + apply):  %.0f writes/s%n", store);
        System.out.printf("ratio store/limit: %.2f%n", store / limit);
    }

    private static byte[] randomKey() {
        byte[] k = new byte[16];
        ThreadLocalRandom.current().nextBytes(k);
        return k;
    }

    static double rocksGroupCommit(Path dir, int writers, int seconds, long warmUpMs) throws Exception {
        try (RocksEngine engine = new RocksEngine(dir)) {
            byte[] value = new byte[VALUE_BYTES];
            return run(writers, seconds, warmUpMs, () -> {
                try (EngineBatch b = engine.newBatch()) {
                    b.put(ColumnFamily.DATA, randomKey(), value);
                    engine.write(b, true);
                }
            });
        }
    }

    static double storeWrites(Path dir, int writers, int seconds, long warmUpMs) throws Exception {
        ExecutorService background = Executors.newCachedThreadPool();
        StoreMetrics metrics = new StoreMetrics();
        try (RocksEngine engine = new RocksEngine(dir.resolve("db")); ReadPool pool = new ReadPool(2, 4096)) {
            RaftClient client = new RaftClient(new StoreAddresses(id -> null, background), metrics);
            RaftStore store = new RaftStore(1, engine, RaftStoreConfig.defaults(), metrics, client,
                    Files.createDirectories(dir.resolve("snap")), background);
            // The store's own call placement (server/CallExecutors), as StoreNode sets it up.
            Server server = CallExecutors.configure(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), background)
                    .addService(new KvService(store, pool)).build().start();
            store.start();
            Region region = Region.newBuilder().setId(1).setEpoch(RegionEpoch.newBuilder().setConfVer(1).setVersion(1))
                    .addPeers(Peer.newBuilder().setId(1).setStoreId(1)).build();
            store.bootstrapRegion(region);
            while (!store.region(1).isLeader()) {
                Thread.sleep(20);
            }
            List<ManagedChannel> channels = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                channels.add(NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
                        // The load generator answers on the event loop: its callbacks only start the next call.
                        .directExecutor().build());
            }
            Context ctx = Context.newBuilder().setRegionId(1).setRegionEpoch(region.getEpoch()).build();
            ByteString value = ByteString.copyFrom(new byte[VALUE_BYTES]);
            // A refused or failed write still completes the operation: count it, so a rate that includes any is never reported.
            LongAdder failures = new LongAdder();
            double rate = runAsync(writers, seconds, warmUpMs, done -> {
                KvGrpc.KvStub stub = KvGrpc.newStub(channels.get(ThreadLocalRandom.current().nextInt(channels.size())));
                stub.put(PutRequest.newBuilder().setContext(ctx).setKey(ByteString.copyFrom(randomKey())).setValue(value).build(),
                        new StreamObserver<PutResponse>() {
                            @Override
                            public void onNext(PutResponse r) {
                                if (r.hasRegionError()) {
                                    failures.increment();
                                }
                            }

                            @Override
                            public void onError(Throwable t) {
                                failures.increment();
                                done.run();
                            }

                            @Override
                            public void onCompleted() {
                                done.run();
                            }
                        });
            });
            System.out.printf("store: %.0f rounds, %d batch writes (mean %.3f ms with their fsync), %.0f fsyncs, %d failed writes%n",
                    metrics.rounds.count(), metrics.appendLatency.count(),
                    metrics.appendLatency.mean(java.util.concurrent.TimeUnit.MICROSECONDS) / 1000, metrics.fsyncs.count(), failures.sum());
            if (failures.sum() > 0) {
                throw new IllegalStateException(failures.sum() + " writes failed (busy or errored): the measured rate would count them");
            }
            channels.forEach(ManagedChannel::shutdownNow);
            server.shutdownNow();
            store.stop();
            client.close();
            return rate;
        } finally {
            background.shutdownNow();
        }
    }

    /**
     * Warm-up, then {@code seconds} with {@code counting} set; the measured nanoseconds. The warm-up
     * is long enough for the JIT to finish compiling the gRPC and Raft paths on two busy cores (with
     * one second the C2 compiler still took a third of a core inside the measured window).
     */
    private static long window(AtomicBoolean counting, int seconds, long warmUpMs) throws InterruptedException {
        Thread.sleep(warmUpMs);
        long cpuStart = processCpuNanos();
        long jitStart = jitMillis();
        java.util.Map<Long, Long> threadsStart = threadCpuNanos();
        counting.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1_000L);
        counting.set(false);
        long elapsed = System.nanoTime() - start;
        long threadsCpu = 0;
        for (java.util.Map.Entry<Long, Long> e : threadCpuNanos().entrySet()) {
            threadsCpu += e.getValue() - threadsStart.getOrDefault(e.getKey(), 0L);
        }
        System.out.printf("  process CPU in the window: %.1f of %d s wall (JIT compiling: %.1f s; application threads: %.1f s)%n",
                (processCpuNanos() - cpuStart) / 1e9, seconds, (jitMillis() - jitStart) / 1e3, threadsCpu / 1e9);
        return elapsed;
    }

    /**
     * Time the JIT compilers spent (part of the process CPU above): on a loaded machine the
     * compilers can still be busy after the warm-up, which inflates CPU per write.
     */
    private static long jitMillis() {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** CPU time of each live application thread (not the JIT's, GC's or VM's), by thread id. */
    private static java.util.Map<Long, Long> threadCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.Map<Long, Long> out = new java.util.HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long cpu = threads.getThreadCpuTime(id);
            if (cpu > 0) {
                out.put(id, cpu);
            }
        }
        return out;
    }

    /** CPU time of this whole process (both sides of the loopback, in the store's case). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Keeps {@code writers} asynchronous operations in flight (each completion starts the next) for a
     * warm-up second plus {@code seconds}; completions per second. {@code op} calls its argument when done.
     */
    static double runAsync(int writers, int seconds, long warmUpMs, java.util.function.Consumer<Runnable> op) throws InterruptedException {
        AtomicBoolean counting = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder done = new LongAdder();
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(writers);
        for (int i = 0; i < writers; i++) {
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                if (counting.get()) {
                    done.increment();
                }
                if (stop.get()) {
                    finished.countDown();
                } else {
                    op.accept(next[0]);
                }
            };
            op.accept(next[0]);
        }
        long elapsed = window(counting, seconds, warmUpMs);
        stop.set(true);
        finished.await(30, java.util.concurrent.TimeUnit.SECONDS);
        return done.sum() / (elapsed / 1e9);
    }

    /** Runs {@code op} from {@code writers} threads after a warm-up, for {@code seconds}; ops per second. */
    static double run(int writers, int seconds, long warmUpMs, Runnable op) throws InterruptedException {
        AtomicBoolean counting = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder done = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    op.run();
                    if (counting.get()) {
                        done.increment();
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        long elapsed = window(counting, seconds, warmUpMs);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        return done.sum() / (elapsed / 1e9);
    }
}
