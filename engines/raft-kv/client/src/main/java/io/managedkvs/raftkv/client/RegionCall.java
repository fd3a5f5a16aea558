package io.managedkvs.raftkv.client;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.managedkvs.raftkv.proto.kv.KvGrpc;
import io.managedkvs.raftkv.proto.kv.RegionError;
import java.net.ConnectException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One request to the region of a key, retried until it is answered or its deadline passes:
 * located through the cache (PD on a miss), sent to the leader (or the voters in turn), redirected
 * by the store's region errors, backed off when no one can serve yet. A write that may have reached a
 * store and got no answer is not sent again: it fails with {@link UnknownOutcomeException}.
 *
 * <p>Per request; the object is its own response observer, reused by every attempt.
 *
 * @param <R> the response type
 */
final class RegionCall<R> implements StreamObserver<R> {

    /** How a request is built and sent, and where its region error is. */
    interface Rpc<R> {
        void send(KvGrpc.KvStub stub, CachedRegion region, StreamObserver<R> observer);

        /** The response's region error, or null when it has none. */
        RegionError regionError(R response);
    }

    /** A batch's keys no longer lie in one region: the batch groups them again. */
    static final class Regroup extends RuntimeException {
        Regroup() {
            super("the region split; grouping again", null, false, false);
        }
    }

    private final Router router;
    private final ByteString key;
    private final Rpc<R> rpc;
    private final boolean write;
    private final long deadlineNanos;
    private final Predicate<CachedRegion> fits;
    private final CompletableFuture<R> result = new CompletableFuture<>();
    private int attempt;
    private volatile CachedRegion region;
    private long store;
    private String lastReason = "";

    /**
     * @param key  the key whose region is asked for
     * @param fits whether the request, built for a region, still fits it (a batch's keys all inside)
     */
    RegionCall(Router router, ByteString key, Rpc<R> rpc, boolean write, long deadlineNanos, Predicate<CachedRegion> fits) {
        this.router = router;
        this.key = key;
        this.rpc = rpc;
        this.write = write;
        this.deadlineNanos = deadlineNanos;
        this.fits = fits;
    }

    RegionCall(Router router, ByteString key, Rpc<R> rpc, boolean write, long deadlineNanos) {
        this(router, key, rpc, write, deadlineNanos, r -> true);
    }

    CompletableFuture<R> start() {
        attempt();
        return result;
    }

    /** The region the answered attempt was sent for. */
    CachedRegion region() {
        return region;
    }

    private void attempt() {
        if (System.nanoTime() - deadlineNanos >= 0) {
            result.completeExceptionally(new KvTimeoutException("no answer within the call's timeout of "
                    + TimeUnit.NANOSECONDS.toMillis(router.config.callTimeout().toNanos()) + " ms; last: " + lastReason, null));
            return;
        }
        var cached = router.cache.find(key);
        if (cached.isPresent()) {
            withRegion(cached.get());
        } else {
            router.locate(key).whenComplete((r, e) -> {
                if (e != null) {
                    onRoutingFailure(e);
                } else {
                    withRegion(r);
                }
            });
        }
    }

    private void withRegion(CachedRegion r) {
        if (!fits.test(r)) {
            result.completeExceptionally(new Regroup());
            return;
        }
        region = r;
        store = r.targetStore(attempt);
        var address = router.cache.storeAddress(store);
        if (address.isPresent()) {
            send(address.get());
        } else {
            router.storeAddress(store).whenComplete((a, e) -> {
                if (e != null) {
                    onRoutingFailure(e);
                } else {
                    send(a);
                }
            });
        }
    }

    private void send(String address) {
        long left = deadlineNanos - System.nanoTime();
        // A write waits as long as the call may: giving up on it earlier would leave its outcome unknown.
        long rpcNanos = write ? left : Math.min(left, router.config.readRpcTimeout().toNanos());
        try {
            rpc.send(router.stores.stub(address).withDeadlineAfter(Math.max(rpcNanos, 1), TimeUnit.NANOSECONDS), region, this);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    @Override
    public void onNext(R response) {
        RegionError error = rpc.regionError(response);
        if (error == null) {
            result.complete(response);
            return;
        }
        RetryAdvice advice = RegionErrorPolicy.apply(error, region, store, router.cache);
        lastReason = "store " + store + ": " + advice.reason();
        retry(advice.backoff() ? router.backoffMillis(attempt) : advice.waitMillis());
    }

    @Override
    public void onError(Throwable t) {
        Status status = Status.fromThrowable(t);
        String what = "store " + store + ": " + status.getCode() + (status.getDescription() == null ? "" : " " + status.getDescription());
        switch (status.getCode()) {
            case INVALID_ARGUMENT, OUT_OF_RANGE, FAILED_PRECONDITION ->
                    result.completeExceptionally(new InvalidRequestException(what, t));
            default -> {
                if (write && !neverSent(t)) {
                    result.completeExceptionally(new UnknownOutcomeException("a write got no answer (" + what
                            + "); it may or may not have been applied", t));
                    return;
                }
                lastReason = what;
                router.cache.forgetLeader(region.id());
                if (status.getCode() == Status.Code.UNAVAILABLE) {
                    router.cache.forgetStore(store);
                }
                retry(router.backoffMillis(attempt));
            }
        }
    }

    @Override
    public void onCompleted() {
        // Unary: onNext answered.
    }

    private void onRoutingFailure(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof InvalidRequestException) {
            result.completeExceptionally(cause);
            return;
        }
        lastReason = String.valueOf(cause.getMessage());
        retry(router.backoffMillis(attempt));
    }

    private void retry(long waitMillis) {
        attempt++;
        long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (waitMillis <= 0) {
            attempt();
        } else {
            router.schedule(this::attempt, Math.max(0, Math.min(waitMillis, leftMillis)));
        }
    }

    /** Whether the failure happened before the request could reach the store: no connection was made. */
    private static boolean neverSent(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
