package io.managedkvs.raftkv.resp.backend;

/** A live key and its value; {@code ttlMs} is what remains of its time to live, 0 when none. */
public record KvEntry(byte[] key, byte[] value, long ttlMs) {}
