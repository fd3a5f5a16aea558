package io.managedkvs.api.resource;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A MAJOR.MINOR[.PATCH] version, ordered numerically. A missing patch counts as 0. */
public record EngineVersion(int major, int minor, int patch) implements Comparable<EngineVersion> {

    private static final Pattern FORMAT = Pattern.compile("([0-9]+)\\.([0-9]+)(?:\\.([0-9]+))?");

    /** Parses a version; throws IllegalArgumentException naming the text when it is malformed. */
    public static EngineVersion parse(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not a MAJOR.MINOR[.PATCH] version: '" + text + "'");
        }
        return new EngineVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    public static boolean isValid(String text) {
        return text != null && FORMAT.matcher(text.trim()).matches();
    }

    /** The major and minor part, for example {@code 7.2}. */
    public String minorLine() {
        return major + "." + minor;
    }

    @Override
    public int compareTo(EngineVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
