package io.managedkvs.raftkv.resp.backend;

/** When a compare-and-swap writes, as raft-kv's CompareAndSwap defines it. */
public enum CasCondition {
  /** The key exists with exactly the expected value. */
  VALUE_EQUALS,
  /** The key does not exist (or has expired). */
  KEY_ABSENT,
  /** The key exists, whatever its value. */
  KEY_PRESENT
}
