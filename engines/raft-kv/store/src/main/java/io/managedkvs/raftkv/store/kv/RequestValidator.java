package io.managedkvs.raftkv.store.kv;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.managedkvs.raftkv.proto.kv.Context;
import java.util.List;

/**
 * Checks of request fields that need no region: what fails here is answered INVALID_ARGUMENT with a
 * message naming the field, before anything is queued, so it changes nothing.
 */
final class RequestValidator {

    static final int MAX_KEY_BYTES = 8 * 1024;
    static final int MAX_VALUE_BYTES = 8 * 1024 * 1024;
    static final int MAX_BATCH = 1024;
    static final int MAX_SCAN_LIMIT = 10_000;

    private RequestValidator() {
    }

    static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    static void context(Context ctx) {
        if (ctx == null || ctx.getRegionId() == 0) {
            throw invalid("context.region_id: must be set");
        }
    }

    static void key(String field, ByteString key) {
        if (key.isEmpty()) {
            throw invalid(field + ": must not be empty");
        }
        if (key.size() > MAX_KEY_BYTES) {
            throw invalid(field + ": " + key.size() + " bytes is over the limit of " + MAX_KEY_BYTES);
        }
    }

    static void value(String field, ByteString value) {
        if (value.size() > MAX_VALUE_BYTES) {
            throw invalid(field + ": " + value.size() + " bytes is over the limit of " + MAX_VALUE_BYTES);
        }
    }

    static void batch(String field, int size) {
        if (size == 0) {
            throw invalid(field + ": must not be empty");
        }
        if (size > MAX_BATCH) {
            throw invalid(field + ": " + size + " entries is over the limit of " + MAX_BATCH);
        }
    }

    static void keys(String field, List<ByteString> keys) {
        batch(field, keys.size());
        for (int i = 0; i < keys.size(); i++) {
            key(field + "[" + i + "]", keys.get(i));
        }
    }

    /** A range [start, end) where an empty end means "to the end" and an empty start "from the start". */
    static void range(ByteString start, ByteString end) {
        if (start.size() > MAX_KEY_BYTES) {
            throw invalid("start_key: " + start.size() + " bytes is over the limit of " + MAX_KEY_BYTES);
        }
        if (end.size() > MAX_KEY_BYTES) {
            throw invalid("end_key: " + end.size() + " bytes is over the limit of " + MAX_KEY_BYTES);
        }
        if (!end.isEmpty() && ByteString.unsignedLexicographicalComparator().compare(start, end) > 0) {
            throw invalid("start_key: must not be after end_key");
        }
    }

    static void scanLimit(int limit) {
        if (limit < 1 || limit > MAX_SCAN_LIMIT) {
            throw invalid("limit: must be between 1 and " + MAX_SCAN_LIMIT + ", got " + Integer.toUnsignedString(limit));
        }
    }

    static void ttl(long ttlMs) {
        if (ttlMs < 0 || ttlMs > 100L * 365 * 24 * 3600 * 1000) {
            throw invalid("ttl_ms: must be at most 100 years, got " + Long.toUnsignedString(ttlMs));
        }
    }
}
