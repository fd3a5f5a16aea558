package io.managedkvs.cli.bench.history;

import io.managedkvs.cli.bench.history.HistoryOp.Outcome;
import io.managedkvs.raftkv.client.CasResult;
import io.managedkvs.raftkv.client.InvalidRequestException;
import io.managedkvs.raftkv.client.KvTimeoutException;
import io.managedkvs.raftkv.client.RaftKvClient;
import io.managedkvs.raftkv.client.RaftKvException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * One client of a history run: reads, writes and compare-and-swaps on a few keys, one at a time,
 * each recorded with its call and return times and its outcome as the client knows it. Values are
 * unique ({@code c<client>-<n>}), which lets the checker tell every write apart.
 */
final class HistoryClient implements Runnable {

    private final int id;
    private final RaftKvClient client;
    private final List<String> keys;
    private final HistoryFile history;
    private final BooleanSupplier done;
    private final SplittableRandom random;
    private long next;
    private long failures;

    HistoryClient(int id, RaftKvClient client, List<String> keys, HistoryFile history, BooleanSupplier done, long seed) {
        this.id = id;
        this.client = client;
        this.keys = keys;
        this.history = history;
        this.done = done;
        this.random = new SplittableRandom(seed);
    }

    long failures() {
        return failures;
    }

    @Override
    public void run() {
        String[] lastSeen = new String[keys.size()];
        while (!done.getAsBoolean()) {
            int k = random.nextInt(keys.size());
            String key = keys.get(k);
            int dice = random.nextInt(10);
            if (dice < 4) {
                lastSeen[k] = read(key);
            } else if (dice < 7) {
                write(key);
            } else {
                cas(key, lastSeen[k] == null ? HistoryOp.NIL : lastSeen[k]);
            }
        }
    }

    private String read(String key) {
        long start = System.nanoTime();
        try {
            Optional<byte[]> v = client.get(bytes(key));
            String result = v.map(b -> new String(b, StandardCharsets.UTF_8)).orElse(HistoryOp.NIL);
            history.append(HistoryOp.read(key, start, System.nanoTime(), Outcome.OK, result));
            return result;
        } catch (RaftKvException e) {
            failures++;
            history.append(HistoryOp.read(key, start, System.nanoTime(), Outcome.FAIL, HistoryOp.NONE));
            return null;
        }
    }

    private void write(String key) {
        String value = nextValue();
        long start = System.nanoTime();
        Outcome outcome;
        try {
            client.put(bytes(key), bytes(value));
            outcome = Outcome.OK;
        } catch (RaftKvException e) {
            failures++;
            outcome = definitelyNotApplied(e) ? Outcome.FAIL : Outcome.INFO;
        }
        history.append(HistoryOp.write(key, value, start, System.nanoTime(), outcome));
    }

    private void cas(String key, String expected) {
        String value = nextValue();
        long start = System.nanoTime();
        try {
            CasResult r = client.compareAndSwap(bytes(key), HistoryOp.NIL.equals(expected) ? null : bytes(expected), bytes(value));
            String found = r.previous().map(b -> new String(b, StandardCharsets.UTF_8)).orElse(HistoryOp.NIL);
            history.append(HistoryOp.cas(key, expected, value, start, System.nanoTime(), r.succeeded() ? Outcome.OK : Outcome.FAIL, found));
        } catch (RaftKvException e) {
            failures++;
            history.append(HistoryOp.cas(key, expected, value, start, System.nanoTime(),
                    definitelyNotApplied(e) ? Outcome.FAIL : Outcome.INFO, HistoryOp.NONE));
        }
    }

    /** The client's word that a write never took effect: refused everywhere until its timeout, or refused as invalid. */
    private static boolean definitelyNotApplied(RaftKvException e) {
        return e instanceof KvTimeoutException || e instanceof InvalidRequestException;
    }

    private String nextValue() {
        return "c" + id + "-" + next++;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
