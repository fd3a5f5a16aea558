package io.managedkvs.raftkv.store.engine;

/** The engine failed: the store cannot go on safely with this disk. */
public final class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
