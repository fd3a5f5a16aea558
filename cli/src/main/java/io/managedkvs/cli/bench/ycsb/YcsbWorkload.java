package io.managedkvs.cli.bench.ycsb;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * YCSB's core workloads A, B and C: reads and updates of single records in a proportion, records
 * picked by a zipfian distribution (a few hot, most cold).
 */
public enum YcsbWorkload {
    /** Update heavy: 50 % reads, 50 % updates. */
    A(0.5),
    /** Read mostly: 95 % reads, 5 % updates. */
    B(0.95),
    /** Read only. */
    C(1.0);

    private final double readProportion;

    YcsbWorkload(double readProportion) {
        this.readProportion = readProportion;
    }

    public double readProportion() {
        return readProportion;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a, b or c; anything else is a usage error that lists them. */
    public static final class Converter implements ITypeConverter<YcsbWorkload> {
        @Override
        public YcsbWorkload convert(String value) {
            for (YcsbWorkload w : values()) {
                if (w.id().equalsIgnoreCase(value.trim())) {
                    return w;
                }
            }
            throw new TypeConversionException("unknown workload '" + value + "'; the workloads are a, b, c");
        }
    }
}
