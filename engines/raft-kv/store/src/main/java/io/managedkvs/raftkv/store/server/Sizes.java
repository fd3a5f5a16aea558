package io.managedkvs.raftkv.store.server;

import java.util.Locale;

/** Byte sizes as options take them: 96MiB, 512KiB, 1GiB, 1048576. */
public final class Sizes {

    private Sizes() {
    }

    public static long parse(String option, String text) {
        String t = text.trim();
        long unit = 1;
        String lower = t.toLowerCase(Locale.ROOT);
        String[][] units = {{"kib", "1024"}, {"mib", "1048576"}, {"gib", "1073741824"}, {"b", "1"}};
        for (String[] u : units) {
            if (lower.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length());
                break;
            }
        }
        try {
            long n = Long.parseLong(t.trim());
            if (n < 1) {
                throw new IllegalArgumentException(option + ": must be positive, got '" + text + "'");
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(option + ": expected a size such as 96MiB, got '" + text + "'");
        }
    }
}
