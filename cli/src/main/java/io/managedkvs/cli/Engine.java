package io.managedkvs.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The engines a {@code --engine} option names, by the names a ManagedKVS spec uses. */
public enum Engine {
    REDIS_SENTINEL("redis-sentinel"),
    RAFT_KV("raft-kv");

    private final String id;

    Engine(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static String ids() {
        return Arrays.stream(values()).map(Engine::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }

    /** Parses the spec's engine names; anything else is a usage error that lists them. */
    public static final class Converter implements ITypeConverter<Engine> {
        @Override
        public Engine convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            for (Engine e : values()) {
                if (e.id.equals(v)) {
                    return e;
                }
            }
            throw new TypeConversionException("unknown engine '" + value + "'; the engines are " + ids());
        }
    }
}
