package io.managedkvs.raftkv.backup;

import io.managedkvs.raftkv.client.KvEntry;
import io.managedkvs.raftkv.client.RaftKvClient;
import io.managedkvs.raftkv.client.RaftKvException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileReader;
import org.rocksdb.SstFileReaderIterator;

/**
 * Reads a region file of a backup: an SST of the store's DATA family, keys {@code 'z' + user key},
 * values the expiry (Unix ms, 8 bytes, 0 for never) then the user's bytes, as the store keeps them.
 */
final class SstPairs {

    static {
        RocksDB.loadLibrary();
    }

    /** Hears each pair of a file with its absolute expiry. */
    interface PairSink {
        void accept(byte[] userKey, byte[] value, long expireAtMs) throws IOException;
    }

    private SstPairs() {
    }

    static void read(Path file, PairSink sink) throws IOException {
        try (Options options = new Options(); SstFileReader reader = new SstFileReader(options); ReadOptions read = new ReadOptions()) {
            reader.open(file.toString());
            reader.verifyChecksum();
            try (SstFileReaderIterator it = reader.newIterator(read)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    byte[] key = it.key();
                    byte[] stored = it.value();
                    if (key.length < 2 || key[0] != 'z' || stored.length < 8) {
                        throw new IOException(file.getFileName() + " holds a pair that is not raft-kv data");
                    }
                    sink.accept(Arrays.copyOfRange(key, 1, key.length), Arrays.copyOfRange(stored, 8, stored.length),
                            ByteBuffer.wrap(stored, 0, 8).getLong());
                }
                it.status();
            }
        } catch (RocksDBException e) {
            throw new IOException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes pairs through the client: those without expiry in batches, those with one each with its
     * remaining time to live; at most {@value #IN_FLIGHT} requests outstanding, so a large backup is
     * loaded at the cluster's pace, not queued in memory.
     */
    static final class Loader implements PairSink, AutoCloseable {
        static final int BATCH = 512;
        static final int IN_FLIGHT = 16;

        private final RaftKvClient client;
        private final Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
        private List<KvEntry> batch = new ArrayList<>(BATCH);
        private long loaded;
        private long expired;

        Loader(RaftKvClient client) {
            this.client = client;
        }

        @Override
        public void accept(byte[] userKey, byte[] value, long expireAtMs) {
            if (expireAtMs == 0) {
                batch.add(new KvEntry(userKey, value));
                if (batch.size() == BATCH) {
                    sendBatch();
                }
                return;
            }
            long ttl = expireAtMs - System.currentTimeMillis();
            if (ttl <= 0) {
                expired++;
                return;
            }
            send(client.putAsync(userKey, value, Duration.ofMillis(ttl)), 1);
        }

        private void sendBatch() {
            List<KvEntry> full = batch;
            batch = new ArrayList<>(BATCH);
            send(client.batchPutAsync(full, Duration.ZERO), full.size());
        }

        private void send(CompletableFuture<Void> write, int keys) {
            inFlight.add(write);
            loaded += keys;
            while (inFlight.size() >= IN_FLIGHT) {
                join(inFlight.poll());
            }
        }

        void flush() {
            if (!batch.isEmpty()) {
                sendBatch();
            }
            while (!inFlight.isEmpty()) {
                join(inFlight.poll());
            }
        }

        long loaded() {
            return loaded;
        }

        long expired() {
            return expired;
        }

        private static void join(CompletableFuture<Void> f) {
            try {
                f.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RaftKvException r ? r : new RaftKvException(String.valueOf(e.getCause().getMessage()), e);
            }
        }

        @Override
        public void close() {
            inFlight.forEach(f -> f.cancel(false));
        }
    }
}
