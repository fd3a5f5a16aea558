package io.managedkvs.raftkv.resp.backend;

/**
 * The store could not answer: the message is what a Redis client sees after {@code -ERR}, so it
 * should say what failed and whether retrying may help.
 */
public class KvBackendException extends RuntimeException {

  public KvBackendException(String message) {
    super(message);
  }

  public KvBackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
