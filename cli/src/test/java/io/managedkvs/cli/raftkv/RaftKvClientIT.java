package io.managedkvs.cli.raftkv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.managedkvs.raftkv.client.CasResult;
import io.managedkvs.raftkv.client.ClientConfig;
import io.managedkvs.raftkv.client.KvEntry;
import io.managedkvs.raftkv.client.KvTimeoutException;
import io.managedkvs.raftkv.client.RaftKvClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import io.managedkvs.cli.local.ChildProcess;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The raft-kv client against real PD and store processes whose regions split small, so that scans and
 * batches cross regions and the client learns splits from the stores' errors.
 */
class RaftKvClientIT {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path tmp;
    private static RaftKvPlayground cluster;
    private static RaftKvClient kv;

    @BeforeAll
    static void start() {
        cluster = RaftKvPlayground.start(RaftKvLayout.free(3), tmp, line -> { }, () -> false, new RaftKvPlayground.Options(List.of("--region-max-keys", "400"), false));
        kv = RaftKvClient.connect(ClientConfig.of(List.of(cluster.pdEndpoint())).withCallTimeout(Duration.ofSeconds(20)));
    }

    @AfterAll
    static void stop() {
        if (kv != null) {
            kv.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, UTF_8);
    }

    @Test
    void putGetDeleteAndCompareAndSwap() {
        kv.put(b("basic:a"), b("1"));
        assertThat(kv.get(b("basic:a")).map(RaftKvClientIT::s)).contains("1");
        assertThat(kv.get(b("basic:missing"))).isEmpty();

        CasResult wrong = kv.compareAndSwap(b("basic:a"), b("0"), b("2"));
        assertThat(wrong.succeeded()).isFalse();
        assertThat(wrong.previous().map(RaftKvClientIT::s)).contains("1");
        assertThat(kv.compareAndSwap(b("basic:a"), b("1"), b("2")).succeeded()).isTrue();
        assertThat(kv.compareAndSwap(b("basic:new"), null, b("x")).succeeded()).isTrue();
        assertThat(kv.compareAndSwap(b("basic:new"), null, b("y")).succeeded()).isFalse();
        assertThat(kv.compareAndSwap(b("basic:new"), b("x"), null).succeeded()).isTrue();
        assertThat(kv.get(b("basic:new"))).isEmpty();

        assertThat(kv.delete(b("basic:a"))).isTrue();
        assertThat(kv.delete(b("basic:a"))).isFalse();
        assertThat(kv.get(b("basic:a"))).isEmpty();
    }

    @Test
    void aKeyWithATtlExpires() {
        kv.put(b("ttl:k"), b("v"), Duration.ofMillis(300));
        kv.put(b("ttl:forever"), b("v"));

        await().atMost(Duration.ofSeconds(20)).until(() -> kv.get(b("ttl:k")).isEmpty());
        assertThat(kv.get(b("ttl:forever"))).isPresent();
    }

    @Test
    void batchesAndScansCrossRegionsAsTheySplit() {
        List<KvEntry> entries = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            entries.add(new KvEntry(b(String.format("batch:%05d", i)), b("v" + i)));
        }
        kv.batchPut(entries);
        await().atMost(Duration.ofSeconds(60)).until(() -> kv.pd().scanRegions(ByteString.EMPTY, ByteString.EMPTY, 0).size() > 1);
        // Writes and reads keep working while regions split under them.
        kv.batchPut(entries.subList(0, 1500));

        List<byte[]> asked = List.of(b("batch:02999"), b("batch:nope"), b("batch:00000"), b("batch:01500"));
        assertThat(kv.batchGet(asked)).extracting(e -> s(e.key()) + "=" + s(e.value()))
                .containsExactly("batch:02999=v2999", "batch:00000=v0", "batch:01500=v1500");

        List<KvEntry> all = kv.scan(b("batch:"), b("batch;"), 10_000);
        assertThat(all).hasSize(3000);
        assertThat(s(all.get(0).key())).isEqualTo("batch:00000");
        assertThat(s(all.get(2999).key())).isEqualTo("batch:02999");
        assertThat(kv.scan(b("batch:00100"), null, 250)).hasSize(250).first().satisfies(e -> assertThat(s(e.key())).isEqualTo("batch:00100"));
    }

    @Test
    void manyConcurrentAsyncCallsAllComplete() {
        List<CompletableFuture<Void>> puts = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            puts.add(kv.putAsync(b("async:" + i), b(Integer.toString(i))));
        }
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).join();

        assertThat(kv.getAsync(b("async:499")).join().map(RaftKvClientIT::s)).contains("499");
    }

    @Test
    void aStoreKilledUnderTheClientIsRoutedAroundAndComesBack() {
        kv.put(b("kill:k"), b("before"));
        ChildProcess victim = cluster.stores().get(0);
        victim.kill();

        kv.put(b("kill:k"), b("after"));
        assertThat(kv.get(b("kill:k")).map(RaftKvClientIT::s)).contains("after");
        victim.awaitListening(Duration.ofSeconds(60));
    }

    @Test
    void anUnreachablePdEndsInATimeoutNamingWhatWasTried() {
        try (RaftKvClient nowhere = RaftKvClient.connect(ClientConfig.of(List.of("127.0.0.1:1")).withCallTimeout(Duration.ofMillis(500)))) {
            assertThatThrownBy(() -> nowhere.get(b("k"))).isInstanceOf(KvTimeoutException.class).hasMessageContaining("127.0.0.1:1");
        }
    }
}
