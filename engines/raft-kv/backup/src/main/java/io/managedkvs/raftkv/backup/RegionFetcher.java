package io.managedkvs.raftkv.backup;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.managedkvs.raftkv.client.ChannelFactory;
import io.managedkvs.raftkv.proto.backup.BackupGrpc;
import io.managedkvs.raftkv.proto.backup.BackupRegionChunk;
import io.managedkvs.raftkv.proto.backup.BackupRegionHeader;
import io.managedkvs.raftkv.proto.backup.BackupRegionRequest;
import io.managedkvs.raftkv.proto.kv.Context;
import io.managedkvs.raftkv.proto.kv.RegionError;
import io.managedkvs.raftkv.proto.meta.Region;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Asks one store for the part of a region from a key on, and writes the SST it streams to a file.
 * The blocking stub takes one message at a time, so the store sends no faster than the file is
 * written (gRPC flow control carries the back-pressure to its export thread).
 */
final class RegionFetcher implements AutoCloseable {

    /** What one call gave: the header and the file (null when the part holds no keys), or the region error. */
    record Fetched(BackupRegionHeader header, Path file, RegionError error) {
    }

    private final ChannelFactory factory;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final long timeoutMs;

    RegionFetcher(ChannelFactory factory, long timeoutMs) {
        this.factory = factory;
        this.timeoutMs = timeoutMs;
    }

    Fetched fetch(String storeAddress, Region region, ByteString from, Path file) throws IOException {
        BackupGrpc.BackupBlockingStub stub = BackupGrpc.newBlockingStub(channels.computeIfAbsent(storeAddress, factory::open))
                .withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS);
        BackupRegionRequest request = BackupRegionRequest.newBuilder()
                .setContext(Context.newBuilder().setRegionId(region.getId()).setRegionEpoch(region.getEpoch()))
                .setStartKey(from).build();
        Iterator<BackupRegionChunk> chunks = stub.backupRegion(request);
        BackupRegionChunk first = chunks.next();
        if (first.hasRegionError()) {
            return new Fetched(null, null, first.getRegionError());
        }
        if (!first.hasHeader()) {
            throw new IOException("store " + storeAddress + " answered region " + region.getId() + " without a header");
        }
        BackupRegionHeader header = first.getHeader();
        if (header.getKeyCount() == 0) {
            drain(chunks);
            return new Fetched(header, null, null);
        }
        long written = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            while (chunks.hasNext()) {
                ByteString data = chunks.next().getData();
                data.writeTo(out);
                written += data.size();
            }
        }
        if (written != header.getFileBytes()) {
            throw new IOException("store " + storeAddress + " sent " + written + " bytes of region " + region.getId()
                    + ", announced " + header.getFileBytes());
        }
        return new Fetched(header, file, null);
    }

    private static void drain(Iterator<BackupRegionChunk> chunks) {
        try {
            while (chunks.hasNext()) {
                chunks.next();
            }
        } catch (StatusRuntimeException ignored) {
            // Nothing more was expected.
        }
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
    }
}
