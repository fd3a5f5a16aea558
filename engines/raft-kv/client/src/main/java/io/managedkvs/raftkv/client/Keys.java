package io.managedkvs.raftkv.client;

import com.google.protobuf.ByteString;
import java.util.Comparator;

/** Key order as the store sorts keys: unsigned bytes, lexicographically; an empty end key is the key space's end. */
final class Keys {

    static final Comparator<ByteString> ORDER = ByteString.unsignedLexicographicalComparator();

    private Keys() {
    }

    /** Whether {@code key} lies in {@code [start, end)}, an empty {@code end} being unbounded. */
    static boolean inRange(ByteString key, ByteString start, ByteString end) {
        return ORDER.compare(key, start) >= 0 && (end.isEmpty() || ORDER.compare(key, end) < 0);
    }

    /** The smaller of two end keys, an empty one being the largest. */
    static ByteString minEnd(ByteString a, ByteString b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return ORDER.compare(a, b) <= 0 ? a : b;
    }

    /** Whether a range ending at {@code regionEnd} covers everything up to {@code end}. */
    static boolean reaches(ByteString regionEnd, ByteString end) {
        return regionEnd.isEmpty() || (!end.isEmpty() && ORDER.compare(regionEnd, end) >= 0);
    }
}
