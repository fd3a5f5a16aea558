package io.managedkvs.redis.config;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kind of value a redis.conf directive takes: how it is checked before anything runs, and how a
 * value is normalised so that what {@code CONFIG GET} reports can be compared with the spec.
 */
public sealed interface ValueType {

    /** Why {@code value} is not acceptable, or empty when it is. */
    Optional<String> check(String value);

    /** The canonical form of a valid value, as {@code CONFIG GET} reports it. */
    String normalize(String value);

    /** Whether a running member's value (as CONFIG GET reports it) already is the wanted one. */
    default boolean matches(String wanted, String observed) {
        return observed != null && normalize(wanted).equals(normalize(observed));
    }

    /** Memory amounts with Redis units: k=1000, kb=1024, m, mb, g, gb (case-insensitive). */
    record Bytes() implements ValueType {
        private static final Pattern FORMAT = Pattern.compile("([0-9]+)(k|kb|m|mb|g|gb)?");

        @Override
        public Optional<String> check(String value) {
            return parse(value) == null
                    ? Optional.of("must be a memory amount such as 268435456, 256mb or 1gb; got '" + value + "'")
                    : Optional.empty();
        }

        @Override
        public String normalize(String value) {
            BigInteger bytes = parse(value);
            return bytes == null ? value : bytes.toString();
        }

        static BigInteger parse(String value) {
            Matcher m = FORMAT.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                return null;
            }
            BigInteger n = new BigInteger(m.group(1));
            String unit = m.group(2) == null ? "" : m.group(2);
            long factor = switch (unit) {
                case "k" -> 1000L;
                case "kb" -> 1024L;
                case "m" -> 1000L * 1000;
                case "mb" -> 1024L * 1024;
                case "g" -> 1000L * 1000 * 1000;
                case "gb" -> 1024L * 1024 * 1024;
                default -> 1L;
            };
            BigInteger bytes = n.multiply(BigInteger.valueOf(factor));
            return bytes.bitLength() < 63 ? bytes : null;
        }
    }

    /** Whole numbers within a range. */
    record Int(long min, long max) implements ValueType {
        @Override
        public Optional<String> check(String value) {
            try {
                long n = Long.parseLong(value.trim());
                if (n < min || n > max) {
                    return Optional.of("must be between " + min + " and " + max + "; got " + n);
                }
                return Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.of("must be a whole number; got '" + value + "'");
            }
        }

        @Override
        public String normalize(String value) {
            return value.trim();
        }
    }

    /** yes or no. */
    record Bool() implements ValueType {
        @Override
        public Optional<String> check(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            return v.equals("yes") || v.equals("no") ? Optional.empty() : Optional.of("must be yes or no; got '" + value + "'");
        }

        @Override
        public String normalize(String value) {
            return value.trim().toLowerCase(Locale.ROOT);
        }
    }

    /** One of a fixed set of words. */
    record Enum(List<String> values) implements ValueType {
        public Enum {
            values = List.copyOf(values);
        }

        @Override
        public Optional<String> check(String value) {
            return values.contains(value.trim().toLowerCase(Locale.ROOT))
                    ? Optional.empty()
                    : Optional.of("must be one of " + String.join(", ", values) + "; got '" + value + "'");
        }

        @Override
        public String normalize(String value) {
            return value.trim().toLowerCase(Locale.ROOT);
        }
    }

    /** Free text on one line. */
    record Text() implements ValueType {
        @Override
        public Optional<String> check(String value) {
            return value.contains("\n") || value.contains("\r")
                    ? Optional.of("must be on one line")
                    : Optional.empty();
        }

        @Override
        public String normalize(String value) {
            return value.trim().replaceAll("\\s+", " ");
        }
    }

    /**
     * {@code client-output-buffer-limit}: groups of class, hard limit, soft limit, soft seconds.
     * CONFIG GET reports every class, so a value matches when each class given is as wanted.
     */
    record OutputBufferLimits() implements ValueType {
        @Override
        public Optional<String> check(String value) {
            String[] t = value.trim().split("\\s+");
            if (value.isBlank() || t.length % 4 != 0) {
                return Optional.of("must be groups of <class> <hard limit> <soft limit> <soft seconds>; got '" + value + "'");
            }
            for (int i = 0; i < t.length; i += 4) {
                if (!List.of("normal", "replica", "slave", "pubsub").contains(t[i].toLowerCase(Locale.ROOT))) {
                    return Optional.of("class must be normal, replica or pubsub; got '" + t[i] + "'");
                }
                if (Bytes.parse(t[i + 1]) == null || Bytes.parse(t[i + 2]) == null || !t[i + 3].matches("[0-9]+")) {
                    return Optional.of("limits must be memory amounts and seconds a whole number; got '"
                            + String.join(" ", t[i], t[i + 1], t[i + 2], t[i + 3]) + "'");
                }
            }
            return Optional.empty();
        }

        @Override
        public String normalize(String value) {
            Map<String, String> classes = classes(value);
            if (classes == null) {
                return value.trim();
            }
            StringBuilder out = new StringBuilder();
            classes.forEach((c, limits) -> out.append(out.length() == 0 ? "" : " ").append(c).append(' ').append(limits));
            return out.toString();
        }

        @Override
        public boolean matches(String wanted, String observed) {
            Map<String, String> w = classes(wanted);
            Map<String, String> o = observed == null ? null : classes(observed);
            return w != null && o != null && o.entrySet().containsAll(w.entrySet());
        }

        private static Map<String, String> classes(String value) {
            String[] t = value.trim().split("\\s+");
            if (t.length % 4 != 0) {
                return null;
            }
            Map<String, String> out = new TreeMap<>();
            for (int i = 0; i + 3 < t.length; i += 4) {
                BigInteger hard = Bytes.parse(t[i + 1]);
                BigInteger soft = Bytes.parse(t[i + 2]);
                if (hard == null || soft == null) {
                    return null;
                }
                String c = t[i].toLowerCase(Locale.ROOT);
                out.put(c.equals("slave") ? "replica" : c, hard + " " + soft + " " + t[i + 3]);
            }
            return out;
        }
    }
}
