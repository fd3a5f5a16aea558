package io.managedkvs.raftkv.store.transport;

/** Counts the snapshots a store receives at once, up to a cap, and the most it ever held. Thread-safe. */
final class ReceiveSlots {

    private final int max;
    private int inUse;
    private int peak;

    ReceiveSlots(int max) {
        this.max = max;
    }

    /** Takes a slot, or returns false when all are taken. */
    synchronized boolean tryAcquire() {
        if (inUse >= max) {
            return false;
        }
        inUse++;
        peak = Math.max(peak, inUse);
        return true;
    }

    synchronized void release() {
        inUse--;
    }

    synchronized int inUse() {
        return inUse;
    }

    synchronized int peak() {
        return peak;
    }

    int max() {
        return max;
    }
}
