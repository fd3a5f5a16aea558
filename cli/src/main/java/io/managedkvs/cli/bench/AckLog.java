package io.managedkvs.cli.bench;

import java.util.Arrays;

/**
 * The acknowledged writes of one writer, in the order it sent them: sequence number, when it was
 * sent and when it was acknowledged ({@link System#nanoTime()}). Written by the writer's thread;
 * read once the writer has stopped. Three growing arrays rather than an object per write.
 */
public final class AckLog {

    private long[] seq = new long[1 << 14];
    private long[] sent = new long[1 << 14];
    private long[] acked = new long[1 << 14];
    private int size;

    /** Appends a write; sequence numbers and send times must grow. */
    public void add(long sequence, long sentNanos, long ackedNanos) {
        if (size > 0 && (sequence <= seq[size - 1] || sentNanos < sent[size - 1])) {
            throw new IllegalArgumentException("writes are added in the order they were sent");
        }
        if (size == seq.length) {
            int n = size * 2;
            seq = Arrays.copyOf(seq, n);
            sent = Arrays.copyOf(sent, n);
            acked = Arrays.copyOf(acked, n);
        }
        seq[size] = sequence;
        sent[size] = sentNanos;
        acked[size] = ackedNanos;
        size++;
    }

    public int size() {
        return size;
    }

    public long sequence(int i) {
        return seq[i];
    }

    public long sentNanos(int i) {
        return sent[i];
    }

    public long ackedNanos(int i) {
        return acked[i];
    }

    /** The index of the first write sent after {@code nanos}, or {@link #size()} if none was. */
    int firstSentAfter(long nanos) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sent[mid] - nanos > 0) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
