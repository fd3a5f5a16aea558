package io.managedkvs.raftkv.client;

import java.util.Optional;

/**
 * The answer to a compare-and-swap.
 *
 * @param succeeded whether the condition held and the new value was written (or the key deleted)
 * @param previous  what the key held when the condition was checked; empty if it was absent
 */
public record CasResult(boolean succeeded, Optional<byte[]> previous) {
}
