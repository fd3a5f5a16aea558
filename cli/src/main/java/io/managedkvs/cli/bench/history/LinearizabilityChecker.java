package io.managedkvs.cli.bench.history;

import io.managedkvs.cli.bench.history.HistoryOp.Fn;
import io.managedkvs.cli.bench.history.HistoryOp.Outcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Checks that a history of reads, writes and compare-and-swaps is linearizable, key by key
 * (linearizability is local: a history is linearizable if each key's is). Each key is checked with
 * the Wing-Gong-Lowe search as Porcupine does it: operations are taken in call order, one that can
 * take effect now is linearized and the search goes on, and on a dead end the last choice is undone;
 * states already seen (the set of operations linearized and the register's value) are not searched
 * again. The set is remembered by a 128-bit Zobrist hash (a random number per operation, XORed), so
 * a step costs the same however long the history; two different sets colliding is a chance of about
 * n²/2¹²⁸ for n states. An operation of unknown outcome ({@code info}) may take effect at any time after its
 * call, or never; one whose written value nobody observed is left out, since it explains nothing,
 * and one whose value (written by it alone) was observed took effect before the first observer returned.
 */
public final class LinearizabilityChecker {

    /** Search states a key may use before the checker gives up on it as undecided. */
    public static final int DEFAULT_STATE_BUDGET = 2_000_000;

    private final int stateBudget;

    public LinearizabilityChecker(int stateBudget) {
        this.stateBudget = stateBudget;
    }

    public LinearizabilityChecker() {
        this(DEFAULT_STATE_BUDGET);
    }

    /** The verdict for a whole history. */
    public Report check(List<HistoryOp> history) {
        Map<String, List<HistoryOp>> byKey = new LinkedHashMap<>();
        for (HistoryOp op : history) {
            byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
        }
        List<String> violations = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        for (Map.Entry<String, List<HistoryOp>> e : byKey.entrySet()) {
            Verdict v = checkKey(e.getValue());
            if (v == Verdict.VIOLATION) {
                violations.add(e.getKey());
            } else if (v == Verdict.UNDECIDED) {
                undecided.add(e.getKey());
            }
        }
        return new Report(history.size(), byKey.size(), violations, undecided);
    }

    /**
     * @param operations operations
     * @param keys       distinct keys
     * @param violations keys whose history is not linearizable
     * @param undecided  keys the search gave up on (state budget spent)
     */
    public record Report(int operations, int keys, List<String> violations, List<String> undecided) {
        public boolean linearizable() {
            return violations.isEmpty() && undecided.isEmpty();
        }
    }

    public enum Verdict { LINEARIZABLE, VIOLATION, UNDECIDED }

    /** One key's history. */
    public Verdict checkKey(List<HistoryOp> ops) {
        List<HistoryOp> relevant = relevant(ops);
        Node head = linkedEvents(relevant);
        long[] zobristA = new long[relevant.size()];
        long[] zobristB = new long[relevant.size()];
        SplittableRandom random = new SplittableRandom(0x5eed);
        for (int i = 0; i < zobristA.length; i++) {
            zobristA[i] = random.nextLong();
            zobristB[i] = random.nextLong();
        }
        long setA = 0;
        long setB = 0;
        Set<Memo> seen = new HashSet<>();
        Deque<Frame> calls = new ArrayDeque<>();
        String state = null;
        Node entry = head.next;
        while (head.next != null) {
            if (entry.isCall()) {
                Object next = RegisterModel.step(state, entry.op);
                if (next != RegisterModel.REFUSED
                        && seen.add(new Memo(setA ^ zobristA[entry.id], setB ^ zobristB[entry.id], (String) next))) {
                    if (seen.size() > stateBudget) {
                        return Verdict.UNDECIDED;
                    }
                    calls.push(new Frame(entry, state));
                    state = (String) next;
                    setA ^= zobristA[entry.id];
                    setB ^= zobristB[entry.id];
                    entry.lift();
                    entry = head.next;
                    continue;
                }
                entry = entry.next;
            } else {
                if (calls.isEmpty()) {
                    return Verdict.VIOLATION;
                }
                Frame top = calls.pop();
                entry = top.entry;
                state = top.state;
                setA ^= zobristA[entry.id];
                setB ^= zobristB[entry.id];
                entry.unlift();
                entry = entry.next;
            }
        }
        return Verdict.LINEARIZABLE;
    }

    /** The operations that constrain the search: see {@link RegisterModel#matters}; unobserved info writes go. */
    static List<HistoryOp> relevant(List<HistoryOp> ops) {
        Set<String> observed = new HashSet<>();
        for (HistoryOp op : ops) {
            if (op.f() == Fn.READ && op.outcome() == Outcome.OK) {
                observed.add(op.result());
            } else if (op.f() == Fn.CAS && op.outcome() != Outcome.INFO) {
                observed.add(op.outcome() == Outcome.OK ? op.expected() : op.result());
            }
        }
        Map<String, Integer> writers = new HashMap<>();
        Map<String, Long> firstObserverEnd = new HashMap<>();
        for (HistoryOp op : ops) {
            if (op.f() != Fn.READ && op.outcome() != Outcome.FAIL) {
                writers.merge(op.arg(), 1, Integer::sum);
            }
            String seenValue = observedBy(op);
            if (seenValue != null) {
                firstObserverEnd.merge(seenValue, op.endNanos(), Math::min);
            }
        }
        List<HistoryOp> out = new ArrayList<>();
        for (HistoryOp op : ops) {
            if (!RegisterModel.matters(op)) {
                continue;
            }
            if (op.outcome() == Outcome.INFO && !observed.contains(op.arg())) {
                continue;
            }
            if (op.outcome() == Outcome.INFO && writers.get(op.arg()) == 1 && firstObserverEnd.get(op.arg()) >= op.startNanos()) {
                // Its value was seen, and only it wrote that value: it took effect, before the first observer returned.
                out.add(new HistoryOp(op.key(), op.f(), op.arg(), op.expected(), op.startNanos(), firstObserverEnd.get(op.arg()),
                        Outcome.INFO, op.result()));
                continue;
            }
            // Otherwise it may take effect at any time after its call: its return is at the end of time.
            out.add(op.outcome() == Outcome.INFO ? new HistoryOp(op.key(), op.f(), op.arg(), op.expected(), op.startNanos(),
                    Long.MAX_VALUE, Outcome.INFO, op.result()) : op);
        }
        return out;
    }

    /** The value an answered operation saw, or null. */
    private static String observedBy(HistoryOp op) {
        if (op.f() == Fn.READ && op.outcome() == Outcome.OK) {
            return op.result();
        }
        if (op.f() == Fn.CAS && op.outcome() == Outcome.OK) {
            return op.expected();
        }
        if (op.f() == Fn.CAS && op.outcome() == Outcome.FAIL && !HistoryOp.NONE.equals(op.result())) {
            return op.result();
        }
        return null;
    }

    /** Calls and returns in time order (a call before a return at the same instant), linked, after a head. */
    private static Node linkedEvents(List<HistoryOp> ops) {
        List<Node> events = new ArrayList<>(2 * ops.size());
        for (int i = 0; i < ops.size(); i++) {
            HistoryOp op = ops.get(i);
            Node call = new Node(i, op, op.startNanos(), true);
            Node ret = new Node(i, op, op.endNanos(), false);
            call.match = ret;
            events.add(call);
            events.add(ret);
        }
        events.sort((a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Boolean.compare(b.call, a.call));
        Node head = new Node(-1, null, Long.MIN_VALUE, false);
        Node prev = head;
        for (Node e : events) {
            prev.next = e;
            e.prev = prev;
            prev = e;
        }
        return head;
    }

    /** A search state: the hash of the set of operations linearized, and the register's value. */
    private record Memo(long setA, long setB, String state) {
    }

    private record Frame(Node entry, String state) {
    }

    /** A call or return event in the doubly linked list the search lifts operations out of. */
    private static final class Node {
        final int id;
        final HistoryOp op;
        final long time;
        final boolean call;
        Node match;
        Node prev;
        Node next;

        Node(int id, HistoryOp op, long time, boolean call) {
            this.id = id;
            this.op = op;
            this.time = time;
            this.call = call;
        }

        boolean isCall() {
            return call;
        }

        /** Takes this call and its return out of the list. */
        void lift() {
            prev.next = next;
            next.prev = prev;
            match.prev.next = match.next;
            if (match.next != null) {
                match.next.prev = match.prev;
            }
        }

        /** Puts them back. */
        void unlift() {
            match.prev.next = match;
            if (match.next != null) {
                match.next.prev = match;
            }
            prev.next = this;
            next.prev = this;
        }
    }
}
