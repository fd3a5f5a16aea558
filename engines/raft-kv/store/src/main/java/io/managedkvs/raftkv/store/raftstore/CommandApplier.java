package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raftkv.proto.kv.KvPair;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.transport.BatchPutCommand;
import io.managedkvs.raftkv.proto.transport.CasCommand;
import io.managedkvs.raftkv.proto.transport.DeleteRangeCommand;
import io.managedkvs.raftkv.proto.transport.PutCommand;
import io.managedkvs.raftkv.proto.transport.RaftCommand;
import io.managedkvs.raftkv.store.engine.ByteKeys;
import io.managedkvs.raftkv.store.engine.ColumnFamily;
import io.managedkvs.raftkv.store.engine.EngineBatch;
import java.util.List;

/**
 * Applies key-value commands to a batch. Every replica runs the same commands on the same state in
 * the same order, so everything here is a function of the command, the region and the batch:
 * expiry times and "now" (which decides whether a value already expired) were fixed by the
 * leader when it proposed.
 */
final class CommandApplier {

    private CommandApplier() {
    }

    /** Applies a key-value command of region {@code region}; counts written bytes in {@code written}. Hot path. */
    static ApplyResult apply(Region region, RaftCommand cmd, EngineBatch batch, long[] written) {
        long nowMs = cmd.getNowMs();
        if (cmd.getEpoch().getVersion() != region.getEpoch().getVersion()) {
            return ApplyResult.error(RegionErrors.epochNotMatch(region.getId(), List.of(region)));
        }
        return switch (cmd.getCommandCase()) {
            case PUT -> put(region, cmd.getPut(), batch, written);
            case BATCH_PUT -> batchPut(region, cmd.getBatchPut(), batch, written);
            case DELETE -> delete(region, cmd.getDelete().getKey().toByteArray(), batch, nowMs);
            case DELETE_RANGE -> deleteRange(region, cmd.getDeleteRange(), batch);
            case CAS -> cas(region, cmd.getCas(), batch, nowMs, written);
            default -> throw new IllegalArgumentException("command: not a key-value command: " + cmd.getCommandCase());
        };
    }

    private static ApplyResult put(Region region, PutCommand put, EngineBatch batch, long[] written) {
        byte[] key = put.getKey().toByteArray();
        if (!RegionRange.contains(region, key)) {
            return ApplyResult.error(RegionErrors.keyNotInRegion(key, region));
        }
        byte[] value = put.getValue().toByteArray();
        batch.put(ColumnFamily.DATA, Keys.dataKey(key), Codec.encodeValue(value, put.getExpireAtMs()));
        written[0] += key.length + value.length;
        return ApplyResult.OK;
    }

    private static ApplyResult batchPut(Region region, BatchPutCommand cmd, EngineBatch batch, long[] written) {
        for (KvPair p : cmd.getPairsList()) {
            byte[] key = p.getKey().toByteArray();
            if (!RegionRange.contains(region, key)) {
                return ApplyResult.error(RegionErrors.keyNotInRegion(key, region));
            }
        }
        for (KvPair p : cmd.getPairsList()) {
            byte[] value = p.getValue().toByteArray();
            batch.put(ColumnFamily.DATA, Keys.dataKey(p.getKey().toByteArray()), Codec.encodeValue(value, cmd.getExpireAtMs()));
            written[0] += p.getKey().size() + value.length;
        }
        return ApplyResult.OK;
    }

    private static ApplyResult delete(Region region, byte[] key, EngineBatch batch, long nowMs) {
        if (!RegionRange.contains(region, key)) {
            return ApplyResult.error(RegionErrors.keyNotInRegion(key, region));
        }
        byte[] dk = Keys.dataKey(key);
        boolean existed = Codec.live(batch.get(ColumnFamily.DATA, dk), nowMs);
        batch.delete(ColumnFamily.DATA, dk);
        return new ApplyResult(null, existed, false, null);
    }

    private static ApplyResult deleteRange(Region region, DeleteRangeCommand cmd, EngineBatch batch) {
        byte[] start = cmd.getStartKey().toByteArray();
        byte[] regionStart = region.getStartKey().toByteArray();
        if (ByteKeys.compare(start, regionStart) < 0) {
            start = regionStart;
        }
        byte[] end = cmd.getEndKey().toByteArray();
        byte[] regionEnd = region.getEndKey().toByteArray();
        if (end.length == 0 || (regionEnd.length > 0 && ByteKeys.compare(end, regionEnd) > 0)) {
            end = regionEnd;
        }
        batch.deleteRange(ColumnFamily.DATA, Keys.dataKey(start), Keys.dataEnd(end));
        return ApplyResult.OK;
    }

    private static ApplyResult cas(Region region, CasCommand cas, EngineBatch batch, long nowMs, long[] written) {
        byte[] key = cas.getKey().toByteArray();
        if (!RegionRange.contains(region, key)) {
            return ApplyResult.error(RegionErrors.keyNotInRegion(key, region));
        }
        byte[] dk = Keys.dataKey(key);
        byte[] stored = batch.get(ColumnFamily.DATA, dk);
        boolean found = Codec.live(stored, nowMs);
        byte[] previous = found ? Codec.userValue(stored) : null;
        boolean holds = switch (cas.getCondition()) {
            case VALUE_EQUALS -> found && java.util.Arrays.equals(previous, cas.getExpectedValue().toByteArray());
            case KEY_ABSENT -> !found;
            case KEY_PRESENT -> found;
            default -> false;
        };
        if (holds) {
            if (cas.getDelete()) {
                batch.delete(ColumnFamily.DATA, dk);
            } else {
                byte[] value = cas.getNewValue().toByteArray();
                batch.put(ColumnFamily.DATA, dk, Codec.encodeValue(value, cas.getExpireAtMs()));
                written[0] += key.length + value.length;
            }
        }
        return new ApplyResult(null, holds, found, previous);
    }
}
