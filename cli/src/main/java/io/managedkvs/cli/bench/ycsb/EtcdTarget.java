package io.managedkvs.cli.bench.ycsb;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** etcd through jetcd: gets are linearizable (jetcd's default, not serializable). */
public final class EtcdTarget implements KvTarget {

    private static final long TIMEOUT_SECONDS = 10;

    private final Client client;
    private final KV kv;

    public EtcdTarget(List<String> clientUrls) {
        this.client = Client.builder().endpoints(clientUrls.toArray(String[]::new)).build();
        this.kv = client.getKVClient();
    }

    @Override
    public String engine() {
        return "etcd";
    }

    @Override
    public boolean read(byte[] key) {
        return await(kv.get(ByteSequence.from(key))).getCount() > 0;
    }

    @Override
    public void update(byte[] key, byte[] value) {
        await(kv.put(ByteSequence.from(key), ByteSequence.from(value)));
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("etcd: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IllegalStateException("etcd: no answer within " + TIMEOUT_SECONDS + " s", e);
        }
    }

    @Override
    public void close() {
        kv.close();
        client.close();
    }
}
