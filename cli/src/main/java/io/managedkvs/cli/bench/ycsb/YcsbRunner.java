package io.managedkvs.cli.bench.ycsb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import site.ycsb.generator.ScrambledZipfianGenerator;

/**
 * Loads records, then runs a workload against a {@link KvTarget} from several threads, each doing
 * one operation at a time, as YCSB's client does: keys {@code user<n>} picked by YCSB's scrambled
 * zipfian generator, values of {@link #VALUE_BYTES} bytes. Latencies go into one histogram per
 * thread, merged at the end.
 */
public final class YcsbRunner {

    public static final int VALUE_BYTES = 1024;
    private static final long MAX_LATENCY_NANOS = 60_000_000_000L;

    /**
     * @param records records loaded and chosen from
     * @param ops     operations of the run phase, over all threads
     * @param threads client threads
     */
    public record Settings(YcsbWorkload workload, int records, long ops, int threads) {
    }

    private final Settings settings;
    private final Consumer<String> progress;

    public YcsbRunner(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public static byte[] key(long n) {
        return ("user" + n).getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes every record once, spread over the threads. */
    public void load(KvTarget target) {
        long started = System.nanoTime();
        AtomicLong next = new AtomicLong();
        runThreads("load", () -> {
            byte[] value = randomValue();
            for (long n = next.getAndIncrement(); n < settings.records(); n = next.getAndIncrement()) {
                value[0] = (byte) n;
                target.update(key(n), value);
            }
            return new Histogram(1);
        });
        progress.accept(target.engine() + ": loaded " + settings.records() + " records in "
                + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    /** The run phase; errors are counted, not timed. */
    public YcsbResult run(KvTarget target) {
        AtomicLong remaining = new AtomicLong(settings.ops());
        AtomicLong errors = new AtomicLong();
        long started = System.nanoTime();
        List<Histogram> histograms = runThreads("run", () -> {
            Histogram h = new Histogram(MAX_LATENCY_NANOS, 3);
            ScrambledZipfianGenerator keys = new ScrambledZipfianGenerator(settings.records());
            byte[] value = randomValue();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (remaining.getAndDecrement() > 0) {
                byte[] key = key(keys.nextValue());
                boolean read = random.nextDouble() < settings.workload().readProportion();
                long t0 = System.nanoTime();
                try {
                    if (read) {
                        target.read(key);
                    } else {
                        value[0]++;
                        target.update(key, value);
                    }
                    h.recordValue(Math.min(System.nanoTime() - t0, MAX_LATENCY_NANOS));
                } catch (RuntimeException e) {
                    errors.incrementAndGet();
                }
            }
            return h;
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        Histogram all = new Histogram(MAX_LATENCY_NANOS, 3);
        histograms.forEach(all::add);
        long done = all.getTotalCount();
        YcsbResult result = new YcsbResult(settings.workload(), target.engine(), done / seconds,
                all.getValueAtPercentile(50) / 1e6, all.getValueAtPercentile(99) / 1e6, errors.get());
        progress.accept(target.engine() + ": " + done + " operations in " + String.format("%.1f", seconds) + " s, " + errors.get()
                + " failed");
        return result;
    }

    private interface Worker {
        Histogram work();
    }

    private List<Histogram> runThreads(String phase, Worker worker) {
        List<Thread> threads = new ArrayList<>();
        List<Histogram> out = new ArrayList<>();
        List<RuntimeException> failures = new ArrayList<>();
        for (int i = 0; i < settings.threads(); i++) {
            Thread t = new Thread(() -> {
                try {
                    Histogram h = worker.work();
                    synchronized (out) {
                        out.add(h);
                    }
                } catch (RuntimeException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "ycsb-" + phase + "-" + i);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(phase + " failed: " + failures.get(0).getMessage(), failures.get(0));
        }
        return out;
    }

    private static byte[] randomValue() {
        byte[] v = new byte[VALUE_BYTES];
        ThreadLocalRandom.current().nextBytes(v);
        return v;
    }
}
