package io.managedkvs.raftkv.store.server;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.managedkvs.raftkv.proto.kv.KvGrpc;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Where the store's gRPC calls run. Key-value calls run on the transport (event-loop) thread that
 * received them: their handlers only check the request and post it to a region's mailbox (reads are
 * served on the read pool, writes answered by the poller), so they never block, and handing each
 * call to an executor thread cost a thread wake-up and a queue hand-off per request, the largest
 * single CPU cost per write after HTTP/2 itself. Every other service (the store transport, which
 * writes snapshot files, and backups) runs on {@code pool}, as it did on gRPC's default executor.
 */
public final class CallExecutors implements ServerCallExecutorSupplier {

    private final Executor pool;

    private CallExecutors(Executor pool) {
        this.pool = pool;
    }

    /** Applies the policy to {@code builder}: key-value calls inline, everything else on {@code pool}. */
    public static NettyServerBuilder configure(NettyServerBuilder builder, Executor pool) {
        return builder.directExecutor().callExecutor(new CallExecutors(pool));
    }

    /** A pool for the calls that may block (cached daemon threads, as gRPC's default executor). */
    public static ExecutorService newBlockingPool(String name) {
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata headers) {
        // null keeps the call on the server's executor: the direct one.
        return KvGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName()) ? null : pool;
    }
}
