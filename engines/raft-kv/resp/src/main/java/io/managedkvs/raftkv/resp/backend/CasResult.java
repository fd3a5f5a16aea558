package io.managedkvs.raftkv.resp.backend;

/** Whether the swap happened, and what the key held when the condition was checked. */
public record CasResult(boolean succeeded, boolean previousFound, byte[] previousValue) {}
