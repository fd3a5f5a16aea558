package io.managedkvs.redis.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The redis.conf directives users may set, read from the checked-in table {@code directives.txt}
 * next to this class: each is dynamic, restart-required or owned by the platform.
 */
public final class DirectiveCatalogue {

    private static final String RESOURCE = "directives.txt";

    private final Map<String, Directive> directives;

    private DirectiveCatalogue(Map<String, Directive> directives) {
        this.directives = Collections.unmodifiableMap(directives);
    }

    /** The catalogue shipped with the engine. */
    public static DirectiveCatalogue standard() {
        try (InputStream in = DirectiveCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DirectiveCatalogue parse(BufferedReader reader) throws IOException {
        Map<String, Directive> out = new LinkedHashMap<>();
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] cols = trimmed.split("\\s+", 3);
            if (cols.length < 3) {
                throw new IllegalStateException(RESOURCE + ":" + number + ": expected name, mode and type");
            }
            Directive d = directive(cols, number);
            if (out.put(d.name(), d) != null) {
                throw new IllegalStateException(RESOURCE + ":" + number + ": duplicate directive " + d.name());
            }
        }
        return new DirectiveCatalogue(out);
    }

    private static Directive directive(String[] cols, int number) {
        String name = cols[0].toLowerCase(Locale.ROOT);
        return switch (cols[1]) {
            case "owned" -> new Directive(name, Directive.Mode.OWNED, null, cols[2]);
            case "dynamic" -> new Directive(name, Directive.Mode.DYNAMIC, type(cols[2], number), null);
            case "restart" -> new Directive(name, Directive.Mode.RESTART, type(cols[2], number), null);
            default -> throw new IllegalStateException(RESOURCE + ":" + number + ": unknown mode " + cols[1]);
        };
    }

    private static ValueType type(String spec, int number) {
        String[] parts = spec.split("\\s+", 2);
        String arg = parts.length > 1 ? parts[1].strip() : "";
        return switch (parts[0]) {
            case "bytes" -> new ValueType.Bytes();
            case "bool" -> new ValueType.Bool();
            case "string" -> new ValueType.Text();
            case "output-buffer-limits" -> new ValueType.OutputBufferLimits();
            case "enum" -> new ValueType.Enum(Arrays.asList(arg.split(",")));
            case "int" -> {
                String[] range = arg.split("\\.\\.");
                if (range.length != 2) {
                    throw new IllegalStateException(RESOURCE + ":" + number + ": int needs a range min..max");
                }
                yield new ValueType.Int(Long.parseLong(range[0]), Long.parseLong(range[1]));
            }
            default -> throw new IllegalStateException(RESOURCE + ":" + number + ": unknown type " + parts[0]);
        };
    }

    /** The directive named {@code name} (case-insensitive), if the catalogue knows it. */
    public Optional<Directive> find(String name) {
        return Optional.ofNullable(directives.get(name.trim().toLowerCase(Locale.ROOT)));
    }

    public Map<String, Directive> all() {
        return directives;
    }
}
